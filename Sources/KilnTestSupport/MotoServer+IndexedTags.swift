// MARK: - A faster tag lookup for large worlds

extension MotoServer {
    /// `sitecustomize.py` for a moto server whose worlds hold thousands of tagged resources.
    ///
    /// moto 5.2 reads one resource's tags with `describe_tags(filters={"resource-id": [id]})`, a scan of every tag
    /// of every resource in the region, several times per resource it filters or serialises: describing 2,000 AMIs
    /// among 4,000 tagged resources took 306 s (py-spy: `TagBackend.describe_tags` under
    /// `TaggedEC2Resource.get_tags`). The patch answers from the backend's own `tags[id]` map, the rows the scan
    /// would find, in the same order and shape. Nothing else in moto changes.
    public static let indexedTagsPatch = #"""
        def _kiln_index_ec2_tags():
            from moto.ec2.models.core import TaggedEC2Resource
            from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix

            def get_tags(self):
                resource_id = getattr(self, "id", None)
                if not resource_id:
                    return []
                tags = self.ec2_backend.tags.get(resource_id, {})
                kind = EC2_PREFIX_TO_RESOURCE.get(get_prefix(resource_id), "")
                return [
                    {"resource_id": resource_id, "key": key, "value": value, "resource_type": kind}
                    for key, value in list(tags.items())
                ]

            TaggedEC2Resource.get_tags = get_tags


        try:
            _kiln_index_ec2_tags()
        except ImportError:
            pass
        """#
}
