import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link, useLocation } from 'wouter';
import type { CreateProductRequest } from '../../../core/catalogue-requests.ts';
import { PROBLEM_TYPE } from '../../../core/problem-types.ts';
import { createProduct } from '../../api/catalogue.ts';
import { ApiProblem, type ProblemField } from '../../api/problem.ts';
import { productKeys } from '../../api/query-keys.ts';
import { ErrorNotice, PageHeading } from '../../ui/feedback.tsx';
import { ProductForm } from './ProductForm.tsx';
import { createRequestFrom, emptyDraft } from './product-draft.ts';

export function CreateProductPage() {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  // One key per product the admin means to add: a retry after a lost answer cannot add it twice.
  const idempotencyKey = useRef(crypto.randomUUID());
  const create = useMutation({
    mutationFn: (request: CreateProductRequest) => createProduct(request, idempotencyKey.current),
    onSuccess: (product) => {
      queryClient.invalidateQueries({ queryKey: productKeys.all });
      navigate(`/${product.id}`);
    },
    onError: (error) => {
      // A refusal added nothing: the next try is a new request, with a new key.
      if (error instanceof ApiProblem && error.status < 500) idempotencyKey.current = crypto.randomUUID();
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : undefined;
  // The SKU conflict belongs at the SKU field, like the schema's own messages.
  const fields: ProblemField[] | undefined =
    problem?.type === PROBLEM_TYPE.skuTaken ? [{ path: 'sku', message: problem.detail }] : problem?.fields;

  return (
    <>
      <p>
        <Link href="/">← Catalogue</Link>
      </p>
      <PageHeading>New product</PageHeading>
      {create.isError && !fields?.length && (
        <ErrorNotice error={create.error} title="The product was not added" />
      )}
      <ProductForm
        mode="create"
        initial={emptyDraft()}
        build={createRequestFrom}
        onSubmit={(request) => create.mutate(request)}
        submitting={create.isPending}
        serverFields={fields}
        submitLabel="Add product"
      />
    </>
  );
}
