// The umbrella module: `import Reprise` brings in every layer.

@_exported import RepriseAutodiff
@_exported import RepriseCore
@_exported import RepriseIO
@_exported import RepriseLab
@_exported import RepriseLinalg
@_exported import RepriseMetrics
@_exported import RepriseNN
