// MARK: - The steps a builder runs

/// The ordered steps of a bake and Kiln's standard cleanup script.
public enum BakeScript {
    /// The name of the standard cleanup step (not a valid manifest step name, so it never collides).
    public static let standardCleanupName = "kiln:standard-cleanup"

    /// Provision, test, extra cleanup steps, then the standard cleanup unless the mode is `none`.
    public static func steps(of image: DesiredImage) -> [ScriptStep] {
        var steps = image.steps.provision + image.steps.test + image.steps.cleanup
        if image.steps.cleanupMode == .standard {
            steps.append(ScriptStep(name: standardCleanupName, run: standardCleanup, timeout: 600))
        }
        return steps
    }

    /// Removes what must not be baked into an image: temporary files, package caches, SSH
    /// authorized keys and host keys, shell histories, cloud-init state and logs, the machine id and
    /// logs. Safe on Amazon Linux (dnf/yum) and Debian/Ubuntu (apt); every command tolerates absence.
    public static let standardCleanup = #"""
        #!/bin/bash
        # Kiln standard cleanup: runs last on the builder, right before it is stopped and imaged.
        set -u
        shopt -s nullglob dotglob

        echo "kiln: cleaning package caches"
        if command -v dnf >/dev/null 2>&1; then dnf -q clean all || true; fi
        if command -v yum >/dev/null 2>&1; then yum -q clean all || true; fi
        if command -v apt-get >/dev/null 2>&1; then apt-get -q clean || true; fi
        rm -rf /var/cache/dnf/* /var/cache/yum/* /var/cache/apt/archives/*.deb /var/lib/apt/lists/*

        echo "kiln: removing temporary files"
        rm -rf /tmp/* /var/tmp/*

        echo "kiln: removing credentials and shell histories"
        rm -f /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys
        rm -f /root/.bash_history /root/.zsh_history /root/.python_history /root/.lesshst /root/.viminfo
        rm -f /home/*/.bash_history /home/*/.zsh_history /home/*/.python_history /home/*/.lesshst /home/*/.viminfo
        unset HISTFILE

        echo "kiln: removing SSH host keys (regenerated at first boot)"
        rm -f /etc/ssh/ssh_host_*

        echo "kiln: resetting cloud-init"
        if command -v cloud-init >/dev/null 2>&1; then
            cloud-init clean --logs || rm -rf /var/lib/cloud/instances /var/lib/cloud/instance
        fi
        rm -f /var/log/cloud-init.log /var/log/cloud-init-output.log

        echo "kiln: resetting the machine id"
        if [ -f /etc/machine-id ]; then truncate -s 0 /etc/machine-id; fi
        if [ -f /var/lib/dbus/machine-id ] && [ ! -L /var/lib/dbus/machine-id ]; then
            rm -f /var/lib/dbus/machine-id
        fi

        echo "kiln: rotating logs"
        if command -v journalctl >/dev/null 2>&1; then
            journalctl --rotate >/dev/null 2>&1 || true
            journalctl --vacuum-time=1s >/dev/null 2>&1 || true
        fi
        find /var/log -type f \( -name '*.gz' -o -name '*.[0-9]' -o -name '*.old' \) -delete 2>/dev/null || true
        find /var/log -type f -exec truncate -s 0 {} + 2>/dev/null || true

        sync
        echo "kiln: standard cleanup done"
        exit 0
        """#
}
