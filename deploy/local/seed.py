"""Seeds moto with what the example manifests' rollouts expect, and shows what Kiln did.

    seed.py seed ENDPOINT     the kiln-builder instance profile; launch templates `attendance-api` in us-east-1
                              and eu-west-1; Auto Scaling groups `attendance-api` (launch template) and
                              `attendance-api-legacy` (a launch configuration) in us-east-1
    seed.py show ENDPOINT     the launch template versions and Kiln's AMIs
    seed.py check ENDPOINT    exit 0 when the us-east-1 template's default version runs an AMI of the newest
                              attendance-api version Kiln baked

Only what the rollouts need: Kiln creates everything else (builders, AMIs, copies, the SSM parameter).
"""
import os
import sys

import boto3

REGIONS = ["us-east-1", "eu-west-1"]


def client(service, region, endpoint):
    return boto3.client(
        service, region_name=region, endpoint_url=endpoint,
        aws_access_key_id="testing", aws_secret_access_key="testing")


def base_image(ec2):
    """A public Amazon Linux 2023 image moto knows, for the templates' first version."""
    images = ec2.describe_images(
        Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023.*-kernel-6.1-x86_64"]}])["Images"]
    return sorted(images, key=lambda image: image["Name"])[-1]["ImageId"]


def seed(endpoint):
    client("iam", "us-east-1", endpoint).create_instance_profile(InstanceProfileName="kiln-builder")
    for region in REGIONS:
        ec2 = client("ec2", region, endpoint)
        ec2.create_launch_template(
            LaunchTemplateName="attendance-api",
            LaunchTemplateData={"ImageId": base_image(ec2), "InstanceType": "t3.small"})
        print(f"seed: launch template attendance-api in {region}")
    ec2 = client("ec2", "us-east-1", endpoint)
    zones = [zone["ZoneName"] for zone in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    autoscaling = client("autoscaling", "us-east-1", endpoint)
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="attendance-api", MinSize=0, MaxSize=2, DesiredCapacity=0, AvailabilityZones=zones,
        LaunchTemplate={"LaunchTemplateName": "attendance-api", "Version": "$Default"})
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="attendance-api-legacy-initial", ImageId=base_image(ec2), InstanceType="t3.small")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="attendance-api-legacy", MinSize=0, MaxSize=2, DesiredCapacity=0,
        AvailabilityZones=zones, LaunchConfigurationName="attendance-api-legacy-initial")
    print("seed: Auto Scaling groups attendance-api (launch template) and attendance-api-legacy"
          " (launch configuration) in us-east-1; instance profile kiln-builder")


def kiln_images(ec2):
    images = ec2.describe_images(Owners=["self"], Filters=[{"Name": "tag-key", "Values": ["kiln:image"]}])["Images"]
    return {image["ImageId"]: {tag["Key"]: tag["Value"] for tag in image.get("Tags", [])} for image in images}


def show(endpoint):
    for region in REGIONS:
        ec2 = client("ec2", region, endpoint)
        images = kiln_images(ec2)
        print(f"\n{region}: AMIs made by Kiln")
        for image_id, tags in sorted(images.items(), key=lambda item: item[1].get("kiln:version", "")):
            print(f"  {image_id}  {tags.get('kiln:image')} {tags.get('kiln:version')}")
        print(f"{region}: DescribeLaunchTemplateVersions attendance-api")
        versions = ec2.describe_launch_template_versions(LaunchTemplateName="attendance-api")["LaunchTemplateVersions"]
        for version in sorted(versions, key=lambda version: version["VersionNumber"]):
            image_id = version["LaunchTemplateData"].get("ImageId")
            made = images.get(image_id)
            what = f"{made.get('kiln:image')} {made.get('kiln:version')}" if made else "(the seeded base image)"
            default = "  <- default" if version.get("DefaultVersion") else ""
            print(f"  v{version['VersionNumber']}  {image_id}  {what}{default}")
    autoscaling = client("autoscaling", "us-east-1", endpoint)
    group = autoscaling.describe_auto_scaling_groups(
        AutoScalingGroupNames=["attendance-api-legacy"])["AutoScalingGroups"][0]
    configuration = group.get("LaunchConfigurationName")
    image_id = autoscaling.describe_launch_configurations(
        LaunchConfigurationNames=[configuration])["LaunchConfigurations"][0]["ImageId"]
    print(f"\nus-east-1: Auto Scaling group attendance-api-legacy -> launch configuration {configuration} ({image_id})")


def check(endpoint, version):
    ec2 = client("ec2", "us-east-1", endpoint)
    images = kiln_images(ec2)
    wanted = {image_id for image_id, tags in images.items()
              if tags.get("kiln:image") == "attendance-api" and tags.get("kiln:version") == version}
    default = ec2.describe_launch_template_versions(
        LaunchTemplateName="attendance-api", Versions=["$Default"])["LaunchTemplateVersions"][0]
    return default["LaunchTemplateData"].get("ImageId") in wanted


if __name__ == "__main__":
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    command, endpoint = sys.argv[1], sys.argv[2]
    if command == "seed":
        seed(endpoint)
    elif command == "show":
        show(endpoint)
    elif command == "check":
        sys.exit(0 if check(endpoint, sys.argv[3]) else 1)
    else:
        sys.exit(f"unknown command {command}")
