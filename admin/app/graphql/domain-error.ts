/**
 * The one selection of a mutation's `DomainError` (what `resultProblem` in `lib/errors.ts` reads).
 * Documents spread `...DomainErrorFields`; codegen adds this definition to each of them (nothing imports
 * this file), and with
 * fragment masking off the fields appear in their typed results directly.
 */
import { graphql } from '~/graphql/generated';

graphql(`
  fragment DomainErrorFields on DomainError {
    code
    message
    field
    ids
  }
`);
