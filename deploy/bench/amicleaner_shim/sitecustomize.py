"""Optional crash fix for aws-amicleaner 0.2.2, loaded only when amicleaner.sh runs with KILN_AMICLEANER_SHIM=1.

What it patches, exactly: `amicleaner.fetch.Fetcher.fetch_zeroed_asg`, nothing else.

Why: amicleaner lists the launch configurations of every Auto Scaling group whose desired capacity is 0. A group
that uses a launch template has no `LaunchConfigurationName`, so amicleaner passes an empty string in
`LaunchConfigurationNames`, botocore rejects it ("Invalid length for parameter LaunchConfigurationNames[0], value:
0, valid min length: 1") and amicleaner stops before deleting anything. This is amicleaner's own bug (its issue 90,
reported in 2018 on Python 2.7; open pull requests 104, 107 and 111 fix it), not a consequence of a modern Python
or boto3: unshimmed runs report the crash as it is.

The replacement keeps amicleaner's decisions for every input that did not crash:
- no group at zero capacity: the same call with an empty list (which AWS answers with every launch
  configuration, as before);
- groups at zero capacity that all have a launch configuration: the same call with the same names;
- some of them use a launch template (the crashing case): the empty names are left out, and if none remain the
  answer is "no AMI" (those groups have no launch configuration). Launch templates stay invisible to amicleaner,
  as in 0.2.2: the shim does not teach it to read them.
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
        named = [name for name in zeroed_lcs if name]
        if zeroed_lcs and not named:
            return []
        resp = self.asg.describe_launch_configurations(LaunchConfigurationNames=named)
        return [lc.get("ImageId", "")
                for lc in resp.get("LaunchConfigurations", [])]

    _fetch.Fetcher.fetch_zeroed_asg = _fetch_zeroed_asg
