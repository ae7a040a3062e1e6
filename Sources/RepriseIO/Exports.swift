// File formats read and written by Reprise; built on the Core array type.
@_exported import RepriseCore
