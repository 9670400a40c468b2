// MARK: - The model types are part of this module's API

@_exported import KilnModel
