@_exported import RepriseIO
// The Lab runs experiments with models, metrics and file formats.
@_exported import RepriseMetrics
