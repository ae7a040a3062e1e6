// The Lab runs experiments with models, metrics and file formats.
@_exported import RepriseMetrics
@_exported import RepriseIO
