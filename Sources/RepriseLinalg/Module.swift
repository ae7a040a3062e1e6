@_exported import RepriseCore
