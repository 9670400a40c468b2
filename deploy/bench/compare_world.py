#!/usr/bin/env python3
"""Seeds a moto server with the AMI world of the amicleaner comparison, or describes what is left of it.

Usage:
  compare_world.py base ENDPOINT REGION      -> prints the id of moto's newest Amazon Linux 2023 image there
  compare_world.py seed ENDPOINT SPEC_JSON   -> prints {"amis": {"web/1.2.0": "ami-…"}, "snapshots": {"web/1.2.0":
                                                ["snap-…"]}, "inUse": {"web/1.2.0": ["running instance i-…"]}}
  compare_world.py state ENDPOINT            -> prints {"amis": [...], "snapshots": [...]} (the account's AMIs and
                                                the seeded snapshots that still exist)

The spec (written by `kiln-bench compare-amicleaner` and by Tests/OpsTests/PruneInUseTests) names the families,
their versions, Kiln's tags for each version and the AMI id the images come from. Seeding the same spec into two
servers gives two identical worlds (ids differ; labels `family/version` do not). Every call goes straight to moto,
never through the counting proxy.
"""
import json
import sys
import time

import boto3

REGION = "us-east-1"


def client(endpoint, service, region=REGION):
    return boto3.client(
        service, endpoint_url=endpoint, region_name=region,
        aws_access_key_id="testing", aws_secret_access_key="testing")


def base(endpoint, region):
    images = client(endpoint, "ec2", region).describe_images(
        Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023.*-kernel-6.1-x86_64"]}])["Images"]
    return max(images, key=lambda i: (i.get("CreationDate", ""), i["ImageId"]))["ImageId"]


def tag_list(tags):
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


def seed(endpoint, spec):
    ec2, asg = client(endpoint, "ec2"), client(endpoint, "autoscaling")
    source = ec2.run_instances(ImageId=spec["sourceAMI"], MinCount=1, MaxCount=1, InstanceType="t3.small")
    builder = source["Instances"][0]["InstanceId"]
    amis, snapshots_of = {}, {}
    # One version of every family per round, a second apart: moto stamps creation dates to the second, and both
    # tools order versions by creation date.
    for round_index in range(spec["versions"]):
        for family in spec["families"]:
            version = family["versions"][round_index]
            image = ec2.create_image(
                InstanceId=builder, Name=version["name"], Description=version.get("description", ""), NoReboot=True,
                TagSpecifications=[{"ResourceType": "image", "Tags": tag_list(version["tags"])}])["ImageId"]
            amis[f'{family["name"]}/{version["version"]}'] = image
            snapshots = [
                m["Ebs"]["SnapshotId"]
                for m in ec2.describe_images(ImageIds=[image])["Images"][0].get("BlockDeviceMappings", [])
                if "Ebs" in m and "SnapshotId" in m["Ebs"]]
            snapshots_of[f'{family["name"]}/{version["version"]}'] = snapshots
            if snapshots:
                ec2.create_tags(Resources=snapshots, Tags=tag_list(version["tags"]))
        time.sleep(1.1)
    ec2.terminate_instances(InstanceIds=[builder])

    in_use = {}

    def use(label, reason):
        in_use.setdefault(label, []).append(reason)

    # Instances: one running, one stopped.
    running = ec2.run_instances(ImageId=amis["web/1.2.0"], MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    use("web/1.2.0", f"running instance {running}")
    stopped = ec2.run_instances(ImageId=amis["web/1.3.0"], MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    ec2.stop_instances(InstanceIds=[stopped])
    use("web/1.3.0", f"stopped instance {stopped}")
    # A launch configuration that no group uses.
    asg.create_launch_configuration(
        LaunchConfigurationName="api-lc", ImageId=amis["api/1.2.0"], InstanceType="t3.small")
    use("api/1.2.0", "launch configuration api-lc")
    # A launch template whose default (and only) version uses an old AMI.
    ec2.create_launch_template(
        LaunchTemplateName="api-lt", LaunchTemplateData={"ImageId": amis["api/1.3.0"], "InstanceType": "t3.small"})
    use("api/1.3.0", "default version of launch template api-lt")
    # A launch template with two versions: the default (2) and version 1, which a group at zero capacity pins.
    ec2.create_launch_template(
        LaunchTemplateName="batch-lt", LaunchTemplateData={"ImageId": amis["batch/1.1.0"], "InstanceType": "t3.small"})
    ec2.create_launch_template_version(
        LaunchTemplateName="batch-lt", LaunchTemplateData={"ImageId": amis["batch/1.4.0"], "InstanceType": "t3.small"})
    ec2.modify_launch_template(LaunchTemplateName="batch-lt", DefaultVersion="2")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="batch-asg", LaunchTemplate={"LaunchTemplateName": "batch-lt", "Version": "1"},
        MinSize=0, MaxSize=2, DesiredCapacity=0, AvailabilityZones=[REGION + "a"])
    use("batch/1.1.0", "version 1 of launch template batch-lt, pinned by group batch-asg (not the default)")
    use("batch/1.4.0", "default and latest version of launch template batch-lt")
    # A launch configuration of a group at zero capacity.
    asg.create_launch_configuration(
        LaunchConfigurationName="worker-lc", ImageId=amis["worker/1.1.0"], InstanceType="t3.small")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="worker-asg", LaunchConfigurationName="worker-lc", MinSize=0, MaxSize=2,
        DesiredCapacity=0, AvailabilityZones=[REGION + "a"])
    use("worker/1.1.0", "launch configuration worker-lc of group worker-asg at zero capacity")
    return {"amis": amis, "snapshots": snapshots_of, "inUse": in_use}


def state(endpoint):
    ec2 = client(endpoint, "ec2")
    images = ec2.describe_images(Owners=["self"])["Images"]
    # The seeded snapshots only (moto's own images come with snapshots of the same account).
    snapshots = ec2.describe_snapshots(
        OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["kiln:image"]}])["Snapshots"]
    return {
        "amis": sorted(i["ImageId"] for i in images),
        "snapshots": sorted(s["SnapshotId"] for s in snapshots),
    }


def main():
    command, endpoint = sys.argv[1], sys.argv[2]
    if command == "base":
        result = base(endpoint, sys.argv[3])
    elif command == "seed":
        with open(sys.argv[3]) as f:
            result = seed(endpoint, json.load(f))
    else:
        result = state(endpoint)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
