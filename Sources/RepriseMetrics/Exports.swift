// Metrics read representations (samples × features matrices) and trained
// models; they build on the network layer and, through it, on every layer below.
@_exported import RepriseNN
