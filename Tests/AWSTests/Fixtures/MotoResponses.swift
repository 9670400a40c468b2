// Responses recorded from moto_server 5.2.1, byte for byte: each long line is wrapped with `\#` at its end,
// which a raw multi-line string literal joins back without a line break.

/// Bodies of real moto responses, for decoding tests.
enum MotoResponses {
    /// `RunInstances`, HTTP 200.
    static let runInstances = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><reservationId>r-e658ab707eb677d1a</re\#
        servationId><ownerId>123456789012</ownerId><groupSet/><instancesSet><item><architecture>x86_64</architecture\#
        ><blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><attachTime>2026-11-29T07:13:34.000Z</atta\#
        chTime><deleteOnTermination>false</deleteOnTermination><status>attached</status><volumeId>vol-85baa88ad5e95c\#
        4c3</volumeId></ebs></item></blockDeviceMapping><clientToken>dc0f11c7-47c7-4f24-b05a-e825318a8b1c</clientTok\#
        en><ebsOptimized>false</ebsOptimized><hypervisor>xen</hypervisor><iamInstanceProfile><arn>arn:aws:iam::12345\#
        6789012:instance-profile/builder</arn><id>iip-assoc-fde4303b19a143654</id></iamInstanceProfile><networkInter\#
        faceSet><item><association><ipOwnerId>123456789012</ipOwnerId><publicDnsName>ip-54-214-246-115.ec2.internal<\#
        /publicDnsName><publicIp>54.214.246.115</publicIp></association><attachment><attachTime>2026-11-29T07:13:34.\#
        000Z</attachTime><attachmentId>eni-attach-b90f8521970eee537</attachmentId><deleteOnTermination>false</delete\#
        OnTermination><deviceIndex>0</deviceIndex><status>attached</status><networkCardIndex>0</networkCardIndex></a\#
        ttachment><description>Primary network interface</description><groupSet><item><groupId>sg-9020b25ce46ca8d8c<\#
        /groupId><groupName>default</groupName></item></groupSet><ipv6AddressesSet/><macAddress>02:00:00:96:21:c1</m\#
        acAddress><networkInterfaceId>eni-b0bbb7f3b057fcb17</networkInterfaceId><ownerId>123456789012</ownerId><priv\#
        ateDnsName>ip-10-181-119-13.ec2.internal</privateDnsName><privateIpAddress>10.181.119.13</privateIpAddress><\#
        privateIpAddressesSet><item><association><ipOwnerId>123456789012</ipOwnerId><publicDnsName>ip-54-214-246-115\#
        .ec2.internal</publicDnsName><publicIp>54.214.246.115</publicIp></association><primary>true</primary><privat\#
        eIpAddress>10.181.119.13</privateIpAddress></item></privateIpAddressesSet><sourceDestCheck>true</sourceDestC\#
        heck><status>in-use</status><subnetId>subnet-22381b1fecad46e0c</subnetId><vpcId>vpc-ae76afbfc304232d9</vpcId\#
        ><interfaceType>interface</interfaceType></item></networkInterfaceSet><rootDeviceName>/dev/sda1</rootDeviceN\#
        ame><rootDeviceType>ebs</rootDeviceType><groupSet/><sourceDestCheck>true</sourceDestCheck><sriovNetSupport>s\#
        imple</sriovNetSupport><stateReason><code/><message/></stateReason><tagSet><item><key>kiln:role</key><value>\#
        builder</value></item><item><key>empty</key><value/></item></tagSet><virtualizationType>hvm</virtualizationT\#
        ype><hibernationOptions/><metadataOptions><state>applied</state><httpTokens>required</httpTokens><httpPutRes\#
        ponseHopLimit>1</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint><httpProtocolIpv6>disabled</htt\#
        pProtocolIpv6><instanceMetadataTags>disabled</instanceMetadataTags></metadataOptions><instanceId>i-68476e35b\#
        5617236d</instanceId><imageId>ami-03cf127a</imageId><instanceState><code>0</code><name>pending</name></insta\#
        nceState><privateDnsName>ip-10-181-119-13.ec2.internal</privateDnsName><dnsName>ec2-54-214-246-115.compute-1\#
        .amazonaws.com</dnsName><reason/><amiLaunchIndex>0</amiLaunchIndex><productCodes/><instanceType>t3.small</in\#
        stanceType><launchTime>2026-11-29T07:13:34.000Z</launchTime><placement><groupName/><tenancy>default</tenancy\#
        ><availabilityZone>us-east-1a</availabilityZone></placement><platform>windows</platform><monitoring><state>d\#
        isabled</state></monitoring><subnetId>subnet-22381b1fecad46e0c</subnetId><vpcId>vpc-ae76afbfc304232d9</vpcId\#
        ><privateIpAddress>10.181.119.13</privateIpAddress><ipAddress>54.214.246.115</ipAddress></item></instancesSe\#
        t><requestId>request-id</requestId></RunInstancesResponse>
        """#

    /// `DescribeImages`, HTTP 200.
    static let describeImagesCreated = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><imagesSet><item><blockDeviceMapping\#
        ><item><ebs><deleteOnTermination>false</deleteOnTermination><snapshotId>snap-e053421f2f01123d1</snapshotId><\#
        volumeSize>15</volumeSize><volumeType>standard</volumeType></ebs><deviceName>/dev/sda1</deviceName></item></\#
        blockDeviceMapping><description>test</description><name>kiln/api/1.0.0/abcd1234</name><rootDeviceName>/dev/s\#
        da1</rootDeviceName><rootDeviceType>standard</rootDeviceType><tagSet><item><key>kiln:image</key><value>api</\#
        value></item></tagSet><virtualizationType>hvm</virtualizationType><bootMode>uefi</bootMode><sourceInstanceId\#
        >i-68476e35b5617236d</sourceInstanceId><imageId>ami-33f825e38a4a12107</imageId><imageState>available</imageS\#
        tate><imageOwnerId>123456789012</imageOwnerId><creationDate>2026-11-29T07:13:34.000Z</creationDate><isPublic\#
        >false</isPublic><productCodes/><architecture>x86_64</architecture><imageType>machine</imageType><platform>w\#
        indows</platform></item></imagesSet><requestId>request-id</requestId></DescribeImagesResponse>
        """#

    /// `DescribeImages`, HTTP 400.
    static let describeImagesNotFound = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><Errors><Error><Code>InvalidAMIID.NotFound</Code><\#
        Message>The image id '[ami-00000000000000000]' does not exist</Message></Error></Errors><RequestID>request-i\#
        d</RequestID></Response>
        """#

    /// `DescribeInstances`, HTTP 200.
    static let describeInstances = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><reservationSet><item><reservatio\#
        nId>r-e658ab707eb677d1a</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet><item><archit\#
        ecture>x86_64</architecture><blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><attachTime>202\#
        6-11-29T07:13:34.000Z</attachTime><deleteOnTermination>false</deleteOnTermination><status>attached</status><\#
        volumeId>vol-85baa88ad5e95c4c3</volumeId></ebs></item></blockDeviceMapping><clientToken>dc0f11c7-47c7-4f24-b\#
        05a-e825318a8b1c</clientToken><ebsOptimized>false</ebsOptimized><hypervisor>xen</hypervisor><iamInstanceProf\#
        ile><arn>arn:aws:iam::123456789012:instance-profile/builder</arn><id>iip-assoc-fde4303b19a143654</id></iamIn\#
        stanceProfile><networkInterfaceSet><item><association><ipOwnerId>123456789012</ipOwnerId><publicDnsName>ip-5\#
        4-214-246-115.ec2.internal</publicDnsName><publicIp>54.214.246.115</publicIp></association><attachment><atta\#
        chTime>2026-11-29T07:13:34.000Z</attachTime><attachmentId>eni-attach-b90f8521970eee537</attachmentId><delete\#
        OnTermination>false</deleteOnTermination><deviceIndex>0</deviceIndex><status>attached</status><networkCardIn\#
        dex>0</networkCardIndex></attachment><description>Primary network interface</description><groupSet><item><gr\#
        oupId>sg-9020b25ce46ca8d8c</groupId><groupName>default</groupName></item></groupSet><ipv6AddressesSet/><macA\#
        ddress>02:00:00:96:21:c1</macAddress><networkInterfaceId>eni-b0bbb7f3b057fcb17</networkInterfaceId><ownerId>\#
        123456789012</ownerId><privateDnsName>ip-10-181-119-13.ec2.internal</privateDnsName><privateIpAddress>10.181\#
        .119.13</privateIpAddress><privateIpAddressesSet><item><association><ipOwnerId>123456789012</ipOwnerId><publ\#
        icDnsName>ip-54-214-246-115.ec2.internal</publicDnsName><publicIp>54.214.246.115</publicIp></association><pr\#
        imary>true</primary><privateIpAddress>10.181.119.13</privateIpAddress></item></privateIpAddressesSet><source\#
        DestCheck>true</sourceDestCheck><status>in-use</status><subnetId>subnet-22381b1fecad46e0c</subnetId><vpcId>v\#
        pc-ae76afbfc304232d9</vpcId><interfaceType>interface</interfaceType></item></networkInterfaceSet><rootDevice\#
        Name>/dev/sda1</rootDeviceName><rootDeviceType>ebs</rootDeviceType><groupSet/><sourceDestCheck>true</sourceD\#
        estCheck><sriovNetSupport>simple</sriovNetSupport><stateReason><code/><message/></stateReason><tagSet><item>\#
        <key>kiln:role</key><value>builder</value></item><item><key>empty</key><value/></item></tagSet><virtualizati\#
        onType>hvm</virtualizationType><hibernationOptions/><metadataOptions><state>applied</state><httpTokens>requi\#
        red</httpTokens><httpPutResponseHopLimit>1</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint><htt\#
        pProtocolIpv6>disabled</httpProtocolIpv6><instanceMetadataTags>disabled</instanceMetadataTags></metadataOpti\#
        ons><instanceId>i-68476e35b5617236d</instanceId><imageId>ami-03cf127a</imageId><instanceState><code>16</code\#
        ><name>running</name></instanceState><privateDnsName>ip-10-181-119-13.ec2.internal</privateDnsName><dnsName>\#
        ec2-54-214-246-115.compute-1.amazonaws.com</dnsName><reason/><amiLaunchIndex>0</amiLaunchIndex><productCodes\#
        /><instanceType>t3.small</instanceType><launchTime>2026-11-29T07:13:34.000Z</launchTime><placement><groupNam\#
        e/><tenancy>default</tenancy><availabilityZone>us-east-1a</availabilityZone></placement><platform>windows</p\#
        latform><monitoring><state>disabled</state></monitoring><subnetId>subnet-22381b1fecad46e0c</subnetId><vpcId>\#
        vpc-ae76afbfc304232d9</vpcId><privateIpAddress>10.181.119.13</privateIpAddress><ipAddress>54.214.246.115</ip\#
        Address></item></instancesSet></item></reservationSet><requestId>request-id</requestId></DescribeInstancesRe\#
        sponse>
        """#

    /// `DescribeSnapshots`, HTTP 200.
    static let describeSnapshots = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <DescribeSnapshotsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><snapshotSet><item><tagSet><item>\#
        <key>kiln:image</key><value>api</value></item></tagSet><snapshotId>snap-e053421f2f01123d1</snapshotId><volum\#
        eId>vol-7cd8d0ea9bbc61e40</volumeId><status>completed</status><startTime>2026-11-29T07:13:34.000Z</startTime\#
        ><progress>100%</progress><ownerId>123456789012</ownerId><description>Created by CreateImage(i-68476e35b5617\#
        236d) for ami-33f825e38a4a12107</description><volumeSize>15</volumeSize><encrypted>false</encrypted></item><\#
        /snapshotSet><requestId>request-id</requestId></DescribeSnapshotsResponse>
        """#

    /// `StopInstances`, HTTP 200.
    static let stopInstances = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <StopInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><instancesSet><item><instanceId>i-684\#
        76e35b5617236d</instanceId><currentState><code>64</code><name>stopping</name></currentState><previousState><\#
        code>16</code><name>running</name></previousState></item></instancesSet><requestId>request-id</requestId></S\#
        topInstancesResponse>
        """#

    /// `CreateLaunchTemplateVersion`, HTTP 200.
    static let createLaunchTemplateVersion = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <CreateLaunchTemplateVersionResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><launchTemplateVersion>\#
        <launchTemplateId>lt-0122ac432077a0630</launchTemplateId><launchTemplateName>api</launchTemplateName><versio\#
        nNumber>2</versionNumber><versionDescription>kiln 1.0.0</versionDescription><createTime>2026-11-29T07:13:35.\#
        000Z</createTime><createdBy>arn:aws:iam::123456789012:root</createdBy><defaultVersion>false</defaultVersion>\#
        <launchTemplateData><imageId>ami-33f825e38a4a12107</imageId></launchTemplateData></launchTemplateVersion><re\#
        questId>request-id</requestId></CreateLaunchTemplateVersionResponse>
        """#

    /// `DescribeLaunchTemplateVersions`, HTTP 200.
    static let describeLaunchTemplateVersions = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <DescribeLaunchTemplateVersionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><launchTemplateVersi\#
        onSet><item><launchTemplateId>lt-0122ac432077a0630</launchTemplateId><launchTemplateName>api</launchTemplate\#
        Name><versionNumber>1</versionNumber><createTime>2026-11-29T07:13:35.000Z</createTime><createdBy>arn:aws:iam\#
        ::123456789012:root</createdBy><defaultVersion>true</defaultVersion><launchTemplateData><iamInstanceProfile>\#
        <name>app</name></iamInstanceProfile><imageId>ami-03cf127a</imageId><instanceType>t3.small</instanceType><se\#
        curityGroupIdSet><item>sg-1</item><item>sg-2</item></securityGroupIdSet></launchTemplateData></item><item><l\#
        aunchTemplateId>lt-0122ac432077a0630</launchTemplateId><launchTemplateName>api</launchTemplateName><versionN\#
        umber>2</versionNumber><versionDescription>kiln 1.0.0</versionDescription><createTime>2026-11-29T07:13:35.00\#
        0Z</createTime><createdBy>arn:aws:iam::123456789012:root</createdBy><defaultVersion>false</defaultVersion><l\#
        aunchTemplateData><imageId>ami-33f825e38a4a12107</imageId></launchTemplateData></item></launchTemplateVersio\#
        nSet><requestId>request-id</requestId></DescribeLaunchTemplateVersionsResponse>
        """#

    /// `ModifyLaunchTemplate`, HTTP 200.
    static let modifyLaunchTemplate = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <ModifyLaunchTemplateResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><launchTemplate><launchTemplat\#
        eId>lt-0122ac432077a0630</launchTemplateId><launchTemplateName>api</launchTemplateName><createTime>2026-11-2\#
        9T07:13:35.000Z</createTime><createdBy>arn:aws:iam::123456789012:root</createdBy><defaultVersionNumber>2</de\#
        faultVersionNumber><latestVersionNumber>2</latestVersionNumber><tagSet/></launchTemplate><requestId>request-\#
        id</requestId></ModifyLaunchTemplateResponse>
        """#

    /// `DescribeLaunchTemplates`, HTTP 200.
    static let describeLaunchTemplates = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <DescribeLaunchTemplatesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><launchTemplates><item><lau\#
        nchTemplateId>lt-0122ac432077a0630</launchTemplateId><launchTemplateName>api</launchTemplateName><createTime\#
        >2026-11-29T07:13:35.000Z</createTime><createdBy>arn:aws:iam::123456789012:root</createdBy><defaultVersionNu\#
        mber>2</defaultVersionNumber><latestVersionNumber>2</latestVersionNumber><tagSet/></item></launchTemplates><\#
        requestId>request-id</requestId></DescribeLaunchTemplatesResponse>
        """#

    /// `DescribeLaunchConfigurations`, HTTP 200.
    static let describeLaunchConfigurations = #"""
        <DescribeLaunchConfigurationsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><DescribeLaun\#
        chConfigurationsResult><LaunchConfigurations><member><LaunchConfigurationName>legacy-1</LaunchConfigurationN\#
        ame><LaunchConfigurationARN>arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:9dbbbf87-6141-428\#
        a-a409-0752edbe6cad:launchConfigurationName/legacy-1</LaunchConfigurationARN><ImageId>ami-03cf127a</ImageId>\#
        <SecurityGroups><member>sg-1</member></SecurityGroups><UserData>ZWNobyBoaQ==</UserData><InstanceType>t3.smal\#
        l</InstanceType><BlockDeviceMappings><member><DeviceName>/dev/xvda</DeviceName><Ebs><VolumeSize>20</VolumeSi\#
        ze><VolumeType>gp3</VolumeType><Encrypted>true</Encrypted></Ebs><NoDevice>false</NoDevice></member></BlockDe\#
        viceMappings><InstanceMonitoring><Enabled>false</Enabled></InstanceMonitoring><IamInstanceProfile>app</IamIn\#
        stanceProfile><CreatedTime>2026-11-29T07:13:36.004894Z</CreatedTime><EbsOptimized>false</EbsOptimized><Assoc\#
        iatePublicIpAddress>false</AssociatePublicIpAddress><MetadataOptions><HttpTokens>required</HttpTokens><HttpE\#
        ndpoint>enabled</HttpEndpoint></MetadataOptions></member></LaunchConfigurations></DescribeLaunchConfiguratio\#
        nsResult><ResponseMetadata><RequestId>jexG8UHnlKIoiBP93deL7rvj7VGr8fYWlTL7aSkEkkX6CDW2j5mJ</RequestId></Resp\#
        onseMetadata></DescribeLaunchConfigurationsResponse>
        """#

    /// `DescribeAutoScalingGroups`, HTTP 200.
    static let describeAutoScalingGroups = #"""
        <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><DescribeAutoSca\#
        lingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>api</AutoScalingGroupName><AutoScalingGrou\#
        pARN>arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:74a81b47-46d1-4d75-82fb-60840b84315c:autoSc\#
        alingGroupName/api</AutoScalingGroupARN><MixedInstancesPolicy><LaunchTemplate><LaunchTemplateSpecification><\#
        LaunchTemplateId>lt-0122ac432077a0630</LaunchTemplateId><LaunchTemplateName>api</LaunchTemplateName><Version\#
        >$Default</Version></LaunchTemplateSpecification><Overrides><member><InstanceType>t3.small</InstanceType></m\#
        ember><member><InstanceType>t3.large</InstanceType><LaunchTemplateSpecification><LaunchTemplateName>api</Lau\#
        nchTemplateName><Version>1</Version></LaunchTemplateSpecification></member></Overrides></LaunchTemplate><Ins\#
        tancesDistribution><OnDemandAllocationStrategy>prioritized</OnDemandAllocationStrategy><OnDemandBaseCapacity\#
        >0</OnDemandBaseCapacity><OnDemandPercentageAboveBaseCapacity>100</OnDemandPercentageAboveBaseCapacity><Spot\#
        AllocationStrategy>lowest-price</SpotAllocationStrategy><SpotInstancePools>2</SpotInstancePools></InstancesD\#
        istribution></MixedInstancesPolicy><MinSize>1</MinSize><MaxSize>2</MaxSize><DesiredCapacity>1</DesiredCapaci\#
        ty><DefaultCooldown>300</DefaultCooldown><AvailabilityZones><member>us-east-1a</member></AvailabilityZones><\#
        LoadBalancerNames/><TargetGroupARNs/><HealthCheckType>EC2</HealthCheckType><HealthCheckGracePeriod>300</Heal\#
        thCheckGracePeriod><Instances><member><InstanceId>i-cbfafa4b944462649</InstanceId><InstanceType/><Availabili\#
        tyZone>us-east-1a</AvailabilityZone><LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthS\#
        tatus><LaunchTemplate><LaunchTemplateId>lt-0122ac432077a0630</LaunchTemplateId><LaunchTemplateName>api</Laun\#
        chTemplateName><Version>2</Version></LaunchTemplate><ProtectedFromScaleIn>false</ProtectedFromScaleIn></memb\#
        er></Instances><CreatedTime>2026-11-29T07:13:36.031158Z</CreatedTime><SuspendedProcesses/><EnabledMetrics/><\#
        Tags><member><ResourceId>api</ResourceId><ResourceType>auto-scaling-group</ResourceType><Key>team</Key><Valu\#
        e>attendance</Value><PropagateAtLaunch>true</PropagateAtLaunch></member></Tags><TerminationPolicies><member>\#
        Default</member></TerminationPolicies><NewInstancesProtectedFromScaleIn>false</NewInstancesProtectedFromScal\#
        eIn><ServiceLinkedRoleARN>arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServi\#
        ceRoleForAutoScaling</ServiceLinkedRoleARN><CapacityRebalance>false</CapacityRebalance></member></AutoScalin\#
        gGroups></DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>m8TT6m60VW5Q3sY5Aj0gUBNNZ7MH1q7xYSje0\#
        3RuIlOiQY4LiBAX</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>
        """#

    /// `UpdateAutoScalingGroup`, HTTP 400.
    static let updateAutoScalingGroupError = #"""
        <ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>Vali\#
        dationError</Code><Message>AutoScalingGroup name not found - null</Message></Error><RequestId>wLMN06eeg1FMor\#
        JFF7hz1nETjVSNvQK8CpEsWDsLMyTDVOxWXRXE</RequestId></ErrorResponse>
        """#

    /// `GetParameter`, HTTP 200.
    static let getParameter = #"""
        {"Parameter": {"Name": "/kiln/api/ami", "Type": "String", "Value": "ami-33f825e38a4a12107", "Version": 1, "L\#
        astModifiedDate": 1795936416.337, "ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/kiln/api/ami", "DataT\#
        ype": "aws:ec2:image"}}
        """#

    /// `GetParameter`, HTTP 400.
    static let getParameterNotFound = #"""
        {"__type": "ParameterNotFound", "message": "Parameter /kiln/missing not found.", "Message": "Parameter /kiln\#
        /missing not found."}
        """#

    /// `SendCommand`, HTTP 200.
    static let sendCommand = #"""
        {"Command": {"CommandId": "19720768-149b-4d04-b22d-dcf6a7b641d0", "DocumentName": "AWS-RunShellScript", "Com\#
        ment": "kiln provision", "ExpiresAfter": 1795937016.477, "Parameters": {"commands": ["echo hello"], "executi\#
        onTimeout": ["600"]}, "InstanceIds": ["i-cbfafa4b944462649", "i-68476e35b5617236d"], "Targets": [], "Request\#
        edDateTime": 1795936416.477, "Status": "Success", "StatusDetails": "Details placeholder", "OutputS3Region": \#
        "", "OutputS3BucketName": "", "OutputS3KeyPrefix": "", "MaxConcurrency": "50", "MaxErrors": "0", "TargetCoun\#
        t": 3, "CompletedCount": 3, "ErrorCount": 0, "DeliveryTimedOutCount": 0, "ServiceRole": "", "NotificationCon\#
        fig": {"NotificationArn": "string", "NotificationEvents": ["Success"], "NotificationType": "Command"}, "Time\#
        outSeconds": 600}}
        """#

    /// `GetCommandInvocation`, HTTP 200.
    static let getCommandInvocation = #"""
        {"CommandId": "19720768-149b-4d04-b22d-dcf6a7b641d0", "InstanceId": "i-68476e35b5617236d", "Comment": "kiln \#
        provision", "DocumentName": "AWS-RunShellScript", "PluginName": "aws:runShellScript", "ResponseCode": 0, "Ex\#
        ecutionStartDateTime": "2026-11-29T07:13:36.477178", "ExecutionElapsedTime": "PT5M", "ExecutionEndDateTime":\#
         "2026-11-29T07:18:36.477178", "Status": "Success", "StatusDetails": "Success", "StandardOutputContent": "",\#
         "StandardOutputUrl": "", "StandardErrorContent": ""}
        """#

    /// `GetCallerIdentity`, HTTP 200.
    static let getCallerIdentity = #"""
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><UserI\#
        d>AKIAIOSFODNN7EXAMPLE</UserId><Account>123456789012</Account><Arn>arn:aws:sts::123456789012:user/moto</Arn>\#
        </GetCallerIdentityResult><ResponseMetadata><RequestId>5ryDbBuAihgXyYhJIGxMcDHIcM2wo6cGZPMr3njbES6gz8nznmSy<\#
        /RequestId></ResponseMetadata></GetCallerIdentityResponse>
        """#

    /// `AssumeRole`, HTTP 200.
    static let assumeRole = #"""
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><Access\#
        KeyId>ASIARZPUZDIKGMSGVFM3</AccessKeyId><SecretAccessKey>3Dd8nd2MB+ww4DHWQOxYNNeYvzkijFgxBmbuaS++</SecretAcc\#
        essKey><SessionToken>FQoGZXIvYXdzEBYaDkLlhR0U4qqVDgKPm1xvu3wHz/OtNkKu8q30CCzbYQVhJQ4UQDh2uXnZSf/6R2PQmz0Nmap\#
        GsmeZ2W1q+BqrQzrVgZ3yUiT39af4BHTqeCraz5H5nK/7mw+s8c/Zv/llt5oPYDcKhD2ztLrosvbV6wfuldA50XBHCxuV47Dd28L3agSF5TI\#
        tEjSJF76cRZ3sgXFpU/iUXRkirPbmJRC7DDfSpp8GrSlgaY1AQBnTbqTbUIFyZ3m3xwuCj5LM/wOg9I9Ncsyczrd6600GlZE6LfZ28xSehM2\#
        FsZVsV1MfSMSwBzszUJALJ9sYKeDRZtOYYMtRZK3iB/V5qqMQbbk=</SessionToken><Expiration>2026-11-29T07:28:36.537941Z<\#
        /Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA3X42LBCD4IS7VGB0K:kiln</AssumedRoleId><Arn>arn\#
        :aws:sts::123456789012:assumed-role/kiln/kiln</Arn></AssumedRoleUser><PackedPolicySize>6</PackedPolicySize><\#
        /AssumeRoleResult><ResponseMetadata><RequestId>dCNhqiOXxB42FsnOEE9HBakUsmsLQwe1QGZku5SmKb2TMQ44n26V</Request\#
        Id></ResponseMetadata></AssumeRoleResponse>
        """#

    /// `PutItem`, HTTP 400.
    static let putItemConditionalFailure = #"""
        {"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "Message": "The conditional r\#
        equest failed", "Item": {"pk": {"S": "lock"}, "owner": {"S": "a"}, "exp": {"N": "100"}}}
        """#

    /// `GetItem`, HTTP 200.
    static let getItem = #"""
        {"Item": {"pk": {"S": "lock"}, "owner": {"S": "a"}, "exp": {"N": "100"}}}
        """#
}
