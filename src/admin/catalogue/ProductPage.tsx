import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'wouter';
import type { StockChangeRequest } from '../../../core/catalogue-requests.ts';
import { PROBLEM_TYPE } from '../../../core/problem-types.ts';
import {
  type AdminProductDetail,
  changeProduct,
  changeStock,
  getAdminProduct,
  listProductAudit,
} from '../../api/catalogue.ts';
import { ApiProblem } from '../../api/problem.ts';
import { productKeys } from '../../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton, TableScroller } from '../../ui/feedback.tsx';
import { formatDateTime, money } from '../../ui/format.ts';
import { AUDIT_ACTIONS, describeChanges } from './audit-changes.ts';
import { ProductForm } from './ProductForm.tsx';
import { ProductStatus } from './ProductStatus.tsx';
import { changeRequestFrom, draftFrom } from './product-draft.ts';
import { StockForm } from './StockForm.tsx';

const CONFLICT_MESSAGE = 'Someone else changed this product; reload to see their change.';

const isProblem = (error: unknown, type: string): error is ApiProblem =>
  error instanceof ApiProblem && error.type === type;

/** A product's admin page: its facts and stock, the edit form, retire or reactivate, and its audit trail. */
export function ProductPage({ productId }: { productId: string }) {
  const detail = useQuery({
    queryKey: productKeys.detail(productId),
    queryFn: () => getAdminProduct(productId),
  });
  if (detail.isPending) return <Skeleton label="Loading the product" rows={6} />;
  if (detail.isError)
    return (
      <ErrorNotice error={detail.error} onRetry={() => detail.refetch()} title="Could not load the product" />
    );
  if (!detail.data)
    return (
      <>
        <PageHeading>Product not found</PageHeading>
        <EmptyState title="There is no product at this address.">
          <p>
            <Link href="/">Back to the catalogue</Link>
          </p>
        </EmptyState>
      </>
    );
  return <ProductView detail={detail.data} reload={() => detail.refetch()} />;
}

function ProductView({ detail, reload }: { detail: AdminProductDetail; reload: () => Promise<unknown> }) {
  const { product, prices, stock } = detail;
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  // The edit form starts again from the product as it is after a save or a reload, never while
  // the admin types (a change arriving live then would wipe their edits).
  const [generation, setGeneration] = useState(0);
  const afterChange = (message: string) => {
    setSaved(message);
    queryClient.invalidateQueries({ queryKey: productKeys.all });
  };

  const retire = useMutation({
    mutationFn: () =>
      changeProduct(product.id, { expectedVersion: product.version, active: !product.active }),
    onSuccess: (result) => afterChange(`${product.name} is ${result.active ? 'active again' : 'retired'}.`),
  });
  const conflict = isProblem(retire.error, PROBLEM_TYPE.versionConflict);
  const reloadAll = async () => {
    retire.reset();
    await reload();
    setGeneration((current) => current + 1);
  };

  return (
    <article className="product">
      <p>
        <Link href="/">← Catalogue</Link>
      </p>
      <PageHeading
        actions={
          <button
            type="button"
            className={product.active ? 'button-danger' : 'button-primary'}
            onClick={() => {
              setSaved(null);
              retire.mutate();
            }}
            disabled={retire.isPending}
          >
            {product.active ? 'Retire' : 'Reactivate'}
          </button>
        }
      >
        {product.name}
      </PageHeading>
      <div role="status">{saved && <p className="notice">{saved}</p>}</div>
      {conflict ? (
        <ConflictNotice onReload={reloadAll} />
      ) : (
        retire.isError && (
          <ErrorNotice
            error={retire.error}
            title={`The product was not ${product.active ? 'retired' : 'reactivated'}`}
          />
        )
      )}
      <dl className="facts">
        <div>
          <dt>SKU</dt>
          <dd>{product.sku}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <ProductStatus active={product.active} />
          </dd>
        </div>
        <div>
          <dt>On hand</dt>
          <dd>{stock.on_hand}</dd>
        </div>
        <div>
          <dt>Reserved by open orders</dt>
          <dd>{stock.reserved}</dd>
        </div>
        <div>
          <dt>Available to order</dt>
          <dd>{stock.available}</dd>
        </div>
        <div>
          <dt>Prices</dt>
          <dd>
            {Object.entries(prices)
              .map(([currency, amount]) => money(amount, currency))
              .join(', ')}
          </dd>
        </div>
        <div>
          <dt>Last changed</dt>
          <dd>{formatDateTime(product.updated_at)}</dd>
        </div>
      </dl>
      <div className="product-columns">
        <EditSection
          key={generation}
          detail={detail}
          onSaved={() => {
            afterChange('Your changes are saved.');
            setGeneration((current) => current + 1);
          }}
          onReload={reloadAll}
        />
        <StockSection productId={product.id} onSaved={afterChange} />
      </div>
      <AuditTrail productId={product.id} />
    </article>
  );
}

function ConflictNotice({ onReload }: { onReload: () => void }) {
  return (
    <div className="notice notice-warning" role="alert">
      <p>
        <strong>Not saved.</strong> {CONFLICT_MESSAGE} Reloading replaces what you typed here.
      </p>
      <button type="button" onClick={onReload}>
        Reload the product
      </button>
    </div>
  );
}

/** The edit form, against the version it started from: a change made meanwhile is a 409, not overwritten. */
function EditSection({
  detail,
  onSaved,
  onReload,
}: {
  detail: AdminProductDetail;
  onSaved: () => void;
  onReload: () => void;
}) {
  const [base] = useState(detail);
  const edit = useMutation({
    mutationFn: (request: Parameters<typeof changeProduct>[1]) => changeProduct(base.product.id, request),
    onSuccess: onSaved,
  });
  const problem = edit.error instanceof ApiProblem ? edit.error : undefined;
  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit</h2>
      {isProblem(edit.error, PROBLEM_TYPE.versionConflict) ? (
        <ConflictNotice onReload={onReload} />
      ) : (
        edit.isError &&
        !problem?.fields.length && <ErrorNotice error={edit.error} title="Your changes were not saved" />
      )}
      <ProductForm
        mode="edit"
        initial={draftFrom(base.product, base.prices)}
        build={(draft) => changeRequestFrom(draft, base.product, base.prices)}
        onSubmit={(request) => edit.mutate(request)}
        submitting={edit.isPending}
        serverFields={problem?.fields}
        submitLabel="Save changes"
      />
    </section>
  );
}

function StockSection({ productId, onSaved }: { productId: string; onSaved: (message: string) => void }) {
  // One key per change the admin means to make: a retry after a lost answer cannot count it twice.
  const idempotencyKey = useRef(crypto.randomUUID());
  const [formGeneration, setFormGeneration] = useState(0);
  const change = useMutation({
    mutationFn: (request: StockChangeRequest) => changeStock(productId, request, idempotencyKey.current),
    onSuccess: (result) => {
      idempotencyKey.current = crypto.randomUUID();
      setFormGeneration((current) => current + 1);
      onSaved(`Stock saved: ${result.stock.onHand} on hand, ${result.stock.available} available to order.`);
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.status < 500) idempotencyKey.current = crypto.randomUUID();
    },
  });
  const belowReserved = isProblem(change.error, PROBLEM_TYPE.stockBelowReserved) ? change.error : undefined;
  return (
    <section>
      {change.isError && !belowReserved && (
        <ErrorNotice error={change.error} title="The stock was not changed" />
      )}
      <StockForm
        key={formGeneration}
        onSubmit={(request) => change.mutate(request)}
        submitting={change.isPending}
        serverMessage={
          belowReserved
            ? `Open orders hold ${String(belowReserved.extra.reserved ?? 'more')} units: stock cannot go below that.`
            : undefined
        }
      />
    </section>
  );
}

function AuditTrail({ productId }: { productId: string }) {
  const audit = useInfiniteQuery({
    queryKey: productKeys.audit(productId),
    queryFn: ({ pageParam }) => listProductAudit(productId, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.beforeSeq,
  });
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">History</h2>
      {audit.isPending ? (
        <Skeleton label="Loading the history" rows={3} />
      ) : audit.isError ? (
        <ErrorNotice error={audit.error} onRetry={() => audit.refetch()} title="Could not load the history" />
      ) : entries.length === 0 ? (
        <EmptyState title="No changes recorded yet." />
      ) : (
        <TableScroller label="History">
          <table className="audit-trail">
            <caption className="visually-hidden">Every change to this product, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Changes</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{formatDateTime(entry.occurred_at)}</th>
                  <td>{entry.actor_email ?? entry.actor_sub}</td>
                  <td>{AUDIT_ACTIONS[entry.action] ?? entry.action}</td>
                  <td>
                    <ul>
                      {describeChanges(entry.before, entry.after).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{entry.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      )}
      {audit.hasNextPage && (
        <p className="pager">
          <button type="button" onClick={() => audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
            {audit.isFetchingNextPage ? 'Loading older changes…' : 'Show older changes'}
          </button>
        </p>
      )}
    </section>
  );
}
