// The network layer builds on autodiff (and through it on Core and Linalg).
@_exported import RepriseAutodiff
