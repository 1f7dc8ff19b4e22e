/**
 * Per-LLM Bayesian logistic model under a Laplace approximation: mean θ̂ and precision
 * H = λ·I + Σ w·x·xᵀ, kept as its lower Cholesky factor L (H = L·Lᵀ). The online update is one
 * Newton step per observation; `refitPosterior` is the batch IRLS fit that can correct its drift.
 */
import type { Rng } from './rng.js';
import {
  cholUpdate,
  cholesky,
  dot,
  gramOfLower,
  log1pExp,
  sigmoid,
  solveLower,
  solveUpperT,
} from './numeric.js';

/** The state of one LLM's posterior. `chol` is row-major d×d, lower-triangular. */
export interface LogisticPosterior {
  dim: number;
  mean: Float64Array;
  chol: Float64Array;
  /** Number of feedback observations folded in. */
  observations: number;
  /** Prior precision λ (ridge strength); default 1. */
  lambda: number;
}

/** One labelled observation: context x and outcome y (1 satisfied, 0 retried). */
export interface Observation {
  x: Float64Array;
  y: number;
}

/** Thrown when a posterior cannot be updated or rebuilt (for example non-finite input). */
export class PosteriorError extends Error {
  override readonly name = 'PosteriorError';
}

/** The prior N(0, λ⁻¹·I) in dimension `dim`. */
export function createPosterior(dim: number, lambda = 1): LogisticPosterior {
  if (!Number.isInteger(dim) || dim < 1) throw new PosteriorError(`bad dimension ${dim}`);
  if (!(lambda > 0)) throw new PosteriorError(`prior precision must be positive, got ${lambda}`);
  const chol = new Float64Array(dim * dim);
  const s = Math.sqrt(lambda);
  for (let i = 0; i < dim; i++) chol[i * dim + i] = s;
  return { dim, mean: new Float64Array(dim), chol, observations: 0, lambda };
}

/** A deep copy (the update functions work in place). */
export function clonePosterior(p: LogisticPosterior): LogisticPosterior {
  return { ...p, mean: p.mean.slice(), chol: p.chol.slice() };
}

function isFiniteVector(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function hasPositiveDiagonal(l: Float64Array, d: number): boolean {
  for (let i = 0; i < d; i++) {
    const v = l[i * d + i]!;
    if (!(v > 0) || !Number.isFinite(v)) return false;
  }
  return true;
}

/** Rebuilds L from H = L·Lᵀ + w·x·xᵀ, adding diagonal jitter until the factorisation succeeds. */
function refactor(state: LogisticPosterior, oldChol: Float64Array, x: Float64Array, w: number) {
  const d = state.dim;
  const h = gramOfLower(oldChol, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) h[i * d + j] = h[i * d + j]! + w * x[i]! * x[j]!;
    if (!Number.isFinite(h[i * d + i]) || !(h[i * d + i]! > 0)) h[i * d + i] = state.lambda;
  }
  for (let jitter = 0, tries = 0; tries < 12; tries++, jitter = jitter ? jitter * 10 : 1e-10) {
    if (jitter) for (let i = 0; i < d; i++) h[i * d + i] = h[i * d + i]! + jitter;
    const l = cholesky(h, d);
    if (l) {
      state.chol.set(l);
      return;
    }
  }
  throw new PosteriorError('precision matrix is not positive definite even with jitter');
}

/**
 * Folds in one observation (x, y) with the online Newton/Laplace step, in place, O(d²):
 * w = σ'(x·θ̂), H += w·x·xᵀ (rank-one Cholesky update), θ̂ += H⁻¹·x·(y − σ(x·θ̂)).
 * If the current factor has a non-positive pivot (a damaged state) the factor is rebuilt from
 * scratch instead; a rank-one addition to a positive-definite factor cannot make a pivot
 * non-positive, so only overflow can fail it (then PosteriorError). Returns the same state object.
 */
export function updatePosterior(
  state: LogisticPosterior,
  x: Float64Array,
  y: number,
): LogisticPosterior {
  const d = state.dim;
  if (x.length !== d || !isFiniteVector(x) || !(y === 0 || y === 1)) {
    throw new PosteriorError(
      'observation must be a finite context of the right size and y in {0,1}',
    );
  }
  const p = sigmoid(dot(x, state.mean, d));
  const w = p * (1 - p);
  const sw = Math.sqrt(w);
  const v = new Float64Array(d);
  for (let i = 0; i < d; i++) v[i] = sw * x[i]!;
  if (!hasPositiveDiagonal(state.chol, d)) {
    refactor(state, state.chol.slice(), x, w);
  } else if (!cholUpdate(state.chol, d, v)) {
    // With positive pivots the update can only fail by overflow; the factor is then lost.
    throw new PosteriorError('Cholesky update overflowed; reload the posterior');
  }
  const a = new Float64Array(d);
  solveLower(state.chol, d, x, a);
  solveUpperT(state.chol, d, a, v);
  const g = y - p;
  for (let i = 0; i < d; i++) state.mean[i] = state.mean[i]! + g * v[i]!;
  state.observations += 1;
  return state;
}

/**
 * A posterior draw θ̃ = θ̂ + ν·L⁻ᵀ·z with z standard normal, so Cov(θ̃) = ν²·H⁻¹.
 * Writes into `out` when given (no allocation), else returns a new vector.
 */
export function samplePosterior(
  state: LogisticPosterior,
  rng: Rng,
  nu = 1,
  out?: Float64Array,
): Float64Array {
  const d = state.dim;
  const res = out ?? new Float64Array(d);
  for (let i = 0; i < d; i++) res[i] = rng.normal();
  solveUpperT(state.chol, d, res, res);
  for (let i = 0; i < d; i++) res[i] = state.mean[i]! + nu * res[i]!;
  return res;
}

/** tr(H⁻¹) = ‖L⁻¹‖²_F: the total posterior variance, O(d³). */
export function covarianceTrace(state: LogisticPosterior): number {
  const d = state.dim;
  const e = new Float64Array(d);
  const col = new Float64Array(d);
  let total = 0;
  for (let j = 0; j < d; j++) {
    e.fill(0);
    e[j] = 1;
    solveLower(state.chol, d, e, col);
    for (let i = 0; i < d; i++) total += col[i]! * col[i]!;
  }
  return total;
}

/** xᵀ·H⁻¹·x = ‖L⁻¹x‖², the posterior variance of the logit at x. */
export function logitVariance(state: LogisticPosterior, x: Float64Array, scratch?: Float64Array) {
  const a = scratch ?? new Float64Array(state.dim);
  solveLower(state.chol, state.dim, x, a);
  return dot(a, a, state.dim);
}

/** Regularised negative log-likelihood λ/2·‖θ‖² + Σ [log(1+e^(x·θ)) − y·x·θ]. */
export function negLogPosterior(theta: Float64Array, lambda: number, data: readonly Observation[]) {
  let f = 0.5 * lambda * dot(theta, theta);
  for (const { x, y } of data) {
    const z = dot(x, theta);
    f += log1pExp(z) - y * z;
  }
  return f;
}

/** Gradient of `negLogPosterior`: λ·θ − Σ (y − σ(x·θ))·x. */
export function gradNegLogPosterior(
  theta: Float64Array,
  lambda: number,
  data: readonly Observation[],
): Float64Array {
  const g = theta.map((t) => lambda * t);
  for (const { x, y } of data) {
    const r = y - sigmoid(dot(x, theta));
    for (let i = 0; i < g.length; i++) g[i] = g[i]! - r * x[i]!;
  }
  return g;
}

function hessian(theta: Float64Array, lambda: number, data: readonly Observation[], d: number) {
  const h = new Float64Array(d * d);
  for (let i = 0; i < d; i++) h[i * d + i] = lambda;
  for (const { x } of data) {
    const p = sigmoid(dot(x, theta, d));
    const w = p * (1 - p);
    for (let i = 0; i < d; i++) {
      const wi = w * x[i]!;
      for (let j = 0; j < d; j++) h[i * d + j] = h[i * d + j]! + wi * x[j]!;
    }
  }
  return h;
}

/**
 * Batch fit by iteratively reweighted least squares (Newton's method on the regularised
 * likelihood, `iterations` passes, default 25, stopping early when the step is below 1e-10).
 * The returned precision is the Hessian at the fitted mean.
 */
export function refitPosterior(
  dim: number,
  lambda: number,
  data: readonly Observation[],
  iterations = 25,
): LogisticPosterior {
  const state = createPosterior(dim, lambda);
  const theta = state.mean;
  const a = new Float64Array(dim);
  const step = new Float64Array(dim);
  for (let it = 0; it < iterations; it++) {
    const l = cholesky(hessian(theta, lambda, data, dim), dim);
    if (!l) throw new PosteriorError('IRLS Hessian is not positive definite');
    solveLower(l, dim, gradNegLogPosterior(theta, lambda, data), a);
    solveUpperT(l, dim, a, step);
    for (let i = 0; i < dim; i++) theta[i] = theta[i]! - step[i]!;
    if (Math.sqrt(dot(step, step)) < 1e-10) break;
  }
  const l = cholesky(hessian(theta, lambda, data, dim), dim);
  if (!l) throw new PosteriorError('IRLS Hessian is not positive definite');
  state.chol.set(l);
  state.observations = data.length;
  return state;
}
