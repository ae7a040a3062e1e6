// Geometric complexity: the mean squared input-Jacobian norm of a model.
//
// Dherin, Munn, Rosca & Barrett, "Why neural networks find simple solutions:
// the many regularizers of geometric complexity", NeurIPS 2022 (papers.md
// §9), define for f_θ: R^d → R^m and a batch D
//   GC(f_θ, D) = (1/|D|) Σ_{x∈D} ‖∇_x f_θ(x)‖²_F,
// a discrete Dirichlet energy (for classifiers, measured on the logits).
// For an affine model f(x) = xW + b it is ‖W‖²_F whatever the data.
//
// Method: the m per-example Jacobian matrices of InputJacobian.swift (one
// forward, m backward passes over the batch), squared entries summed with
// one fma chain per output and the m totals added in order. `penalty` keeps
// the computation on the tape (createGraph), so its gradient with respect to
// the parameters is a double-backprop gradient, for the explicit GC
// regulariser L + β·GC.
// Invariances: orthogonal changes of input or output coordinates. Degenerate
// input: an empty batch throws; NaN/Inf inputs throw `nonFinite`; a model
// constant in its input has GC = 0.

/// Geometric complexity (Dherin et al. 2022).
public enum GeometricComplexity {
  /// GC = (1/n) Σ_i ‖∂f(x_i)/∂x_i‖²_F over the rows of `inputs` (n × d),
  /// in Double. `model` maps an [n, d] batch to [n] or [n, m] outputs, row
  /// by row (see InputJacobian.swift).
  public static func measure<Scalar: RealScalar>(
    inputs: Tensor<Scalar>, model: (Variable<Scalar>) throws -> Variable<Scalar>
  ) throws -> Double {
    let jacobians = try InputJacobian.rows(inputs: inputs, model: model)
    let n = Double(inputs.shape[0])
    let perOutput = jacobians.map { DoubleSums.dot($0.scalars, $0.scalars) }
    return DoubleSums.pairwise(perOutput) / n
  }

  /// GC of `output` (computed from the tracked batch `input` on one tape) as
  /// a differentiable scalar: its gradient with respect to the parameters is
  /// the gradient of the GC penalty.
  public static func penalty<Scalar: RealScalar>(
    of output: Variable<Scalar>, withRespectTo input: Variable<Scalar>
  ) throws -> Variable<Scalar> {
    let jacobians = try InputJacobian.differentiable(
      of: output, withRespectTo: input, createGraph: true)
    let n = Scalar(input.shape[0])
    guard n > 0 else {
      throw RepriseError.invalidArgument(
        operation: "GeometricComplexity.penalty", name: "input", reason: "has no rows")
    }
    var total = Variable(constant: Tensor(scalar: Scalar(0)))
    for jacobian in jacobians { total = try total + (try jacobian.squared()).sum() }
    return total * (1 / n)
  }
}
