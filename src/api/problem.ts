// Apart from the commands module so that showing an error does not load aws-amplify/api.

export interface ProblemField {
  path: string;
  message: string;
}

/** A refused or failed command, from the API's problem+json answer. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    /** One of core/problem-types.ts, or `about:blank` for an answer that was not problem+json. */
    readonly type: string,
    readonly detail: string,
    readonly fields: ProblemField[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}
