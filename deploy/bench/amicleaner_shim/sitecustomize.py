"""The smallest change that lets aws-amicleaner 0.2.2 run in a world with a launch-template group at zero capacity.

amicleaner's `Fetcher.fetch_zeroed_asg` asks for the launch configurations of every group whose desired capacity
is 0, and a group that uses a launch template has none: it passes an empty name, which botocore rejects
(ParamValidationError: LaunchConfigurationNames[0] has length 0), and amicleaner stops before deleting anything.
This shim drops the empty names and changes nothing else (an empty list still means "every launch configuration",
as before). It is loaded only when `amicleaner.sh` is run with KILN_AMICLEANER_SHIM=1.
"""
try:
    import amicleaner.fetch as _fetch
except ImportError:  # not amicleaner's interpreter
    _fetch = None

if _fetch is not None:
    def _fetch_zeroed_asg(self):
        resp = self.asg.describe_auto_scaling_groups()
        zeroed_lcs = [asg.get("LaunchConfigurationName", "")
                      for asg in resp.get("AutoScalingGroups", [])
                      if asg.get("DesiredCapacity", 0) == 0]
        zeroed_lcs = [name for name in zeroed_lcs if name]
        resp = self.asg.describe_launch_configurations(LaunchConfigurationNames=zeroed_lcs)
        return [lc.get("ImageId", "") for lc in resp.get("LaunchConfigurations", [])]

    _fetch.Fetcher.fetch_zeroed_asg = _fetch_zeroed_asg
