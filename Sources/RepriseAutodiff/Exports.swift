// Autodiff works on the Core array type and the Linalg products; re-export
// them so `import RepriseAutodiff` is enough for its users.
@_exported import RepriseCore
@_exported import RepriseLinalg
