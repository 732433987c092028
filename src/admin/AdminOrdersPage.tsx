import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'wouter';
import { type AdminCursor, listAdminOrdersPage } from '../api/orders.ts';
import { orderKeys } from '../api/query-keys.ts';
import { OrderFilterFields, PagedOrdersTable } from '../orders/OrdersTable.tsx';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';
import {
  type FilterFields,
  fieldsFrom,
  filterProblems,
  filtersOf,
  NO_FILTERS,
  searchOf,
} from './admin-order-filters.ts';

/** How long typing pauses before the search runs: long enough not to search for every letter. */
const TYPING_PAUSE_MS = 400;

/**
 * Every customer's orders, newest first, a server page at a time, searched by status, days, part of
 * the customer's email and the order's reference. The fields search as they change (text once
 * typing pauses); the URL holds the search, so it survives a reload. The list never shows the
 * results of an earlier search beside fields that say something else: while the two differ, or a
 * field is invalid, no rows are shown.
 */
export default function AdminOrdersPage({
  loadPage = listAdminOrdersPage,
}: {
  loadPage?: typeof listAdminOrdersPage;
}) {
  const [search, setSearch] = useSearchParams();
  const searchText = search.toString();
  const [fields, setFields] = useState<FilterFields>(() => fieldsFrom(search));
  const applied = useRef(searchText);

  // A URL changed from outside (back, forward, a link): the fields follow it.
  useEffect(() => {
    if (searchText === applied.current) return;
    applied.current = searchText;
    setFields(fieldsFrom(new URLSearchParams(searchText)));
  }, [searchText]);

  const problems = filterProblems(fields);
  const valid = Object.keys(problems).length === 0;
  const wanted = searchOf(fields).toString();
  const inStep = valid && wanted === searchText;

  const apply = (next: FilterFields) => {
    if (Object.keys(filterProblems(next)).length) return;
    const params = searchOf(next);
    applied.current = params.toString();
    setSearch(params, { replace: true });
  };

  // Text fields search once typing pauses; the effect's cleanup cancels a search overtaken by typing.
  useEffect(() => {
    if (inStep || !valid) return;
    const timer = setTimeout(() => apply(fields), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  });

  const change = (name: keyof FilterFields, value: string) => {
    const next = { ...fields, [name]: value };
    setFields(next);
    // A choice (status, a day) is complete at once; typing is not.
    if (name !== 'email' && name !== 'reference') apply(next);
  };

  const filters = filtersOf(fieldsFrom(search));
  const orders = useInfiniteQuery({
    queryKey: orderKeys.adminPage(filters),
    queryFn: ({ pageParam }) => loadPage(filters, pageParam),
    initialPageParam: null as AdminCursor | null,
    getNextPageParam: (page) => page.next,
    enabled: inStep,
  });
  const rows = orders.data?.pages.flatMap((page) => page.orders) ?? [];
  const filtered = Object.values(fields).some((value) => value.trim());

  const clear = () => {
    setFields(NO_FILTERS);
    apply(NO_FILTERS);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(fields);
  };

  return (
    <>
      <PageHeading>All orders</PageHeading>
      <form className="filters" onSubmit={submit} aria-label="Filter orders" noValidate>
        <OrderFilterFields values={fields} onChange={change} />
        <label className="field">
          <span>Customer email</span>
          <input
            type="search"
            name="email"
            autoComplete="off"
            placeholder="Any part, e.g. ann@"
            value={fields.email}
            onChange={(event) => change('email', event.currentTarget.value)}
          />
        </label>
        <label className="field">
          <span>Order reference</span>
          <input
            type="search"
            name="reference"
            autoComplete="off"
            placeholder="#1a2b3c4d"
            value={fields.reference}
            aria-invalid={problems.reference ? true : undefined}
            aria-describedby={problems.reference ? 'reference-problem' : undefined}
            onChange={(event) => change('reference', event.currentTarget.value)}
          />
        </label>
        <button type="submit" className="button-primary">
          Apply filters
        </button>
        {filtered && (
          <button type="button" onClick={clear}>
            Clear filters
          </button>
        )}
        {Object.entries(problems).map(([name, problem]) => (
          <p key={name} id={`${name}-problem`} className="field-error" role="alert">
            {problem}
          </p>
        ))}
      </form>
      {!valid ? (
        <EmptyState title="Correct the search above to see orders." />
      ) : !inStep || orders.isPending ? (
        <Skeleton label="Loading orders" rows={6} />
      ) : orders.isError ? (
        <ErrorNotice error={orders.error} onRetry={() => orders.refetch()} title="Could not load orders" />
      ) : rows.length === 0 ? (
        <EmptyState title="No orders match these filters.">
          {filtered && <p>Try part of the email only, or clear the filters.</p>}
        </EmptyState>
      ) : (
        <PagedOrdersTable orders={rows} pages={orders} showCustomer />
      )}
    </>
  );
}
