// MARK: - CopyImage of an AMI another account shares

extension MotoServer {
    /// `sitecustomize.py` lines that let moto copy an AMI shared by another account, as EC2 does.
    ///
    /// moto 5.2's `CopyImage` looks the source AMI up only in the caller's own account (`ec2_backends[self
    /// .account_id][source_region]`), so a copy of an AMI another account shares fails with
    /// `InvalidAMIID.NotFound`. The patch keeps moto's answer whenever the source is the caller's; otherwise it
    /// looks in the other accounts, and copies the AMI only when it is public or its launch permissions name the
    /// caller's account (EC2's rule); anything else is still `InvalidAMIID.NotFound`. The copy is owned by the caller
    /// and made as moto makes a copy (its own snapshot, no tags or launch permissions).
    public static let crossAccountImagesPatch = #"""
        def _kiln_cross_account_copy_image():
            from moto.ec2.exceptions import InvalidAMIIdError
            from moto.ec2.models.amis import Ami, AmiBackend
            from moto.ec2.utils import random_ami_id

            original = AmiBackend.copy_image

            def copy_image(self, source_image_id, source_region, name=None, description=None):
                from moto.ec2.models import ec2_backends

                try:
                    return original(self, source_image_id, source_region, name, description)
                except InvalidAMIIdError:
                    pass
                for account_id in list(ec2_backends.keys()):
                    if account_id == self.account_id:
                        continue
                    source = ec2_backends[account_id][source_region].amis.get(source_image_id)
                    if source is None:
                        continue
                    allowed = source.is_public or any(
                        permission.get("UserId") == self.account_id for permission in source.launch_permissions)
                    if not allowed:
                        break
                    ami = Ami(self, random_ami_id(), instance=None, source_ami=source, name=name,
                              description=description)
                    self.amis[ami.id] = ami
                    return ami
                raise InvalidAMIIdError([source_image_id])

            AmiBackend.copy_image = copy_image


        try:
            _kiln_cross_account_copy_image()
        except ImportError:
            pass
        """#
}
