/**
 * A model as the sensitivity estimators see it: a function of points in the unit hypercube.
 * `evaluate` reads `rows` points of `columns` uniforms each (row-major, values in (0, 1)) and
 * writes one output per row into `into` starting at `offset`. Batches let the scenario model
 * simulate many rows in one call (through the runner, so asynchronously); test functions
 * (Ishigami) just loop.
 */
export interface BatchModel {
  readonly columns: number;
  /** false when the evaluation was stopped before every row had its output */
  evaluate(points: Float64Array, rows: number, into: Float64Array, offset: number): boolean | Promise<boolean>;
}

/** A factor: the columns that move together (one column, or a group of them). */
export interface FactorColumns {
  readonly name: string;
  readonly columns: readonly number[];
}
