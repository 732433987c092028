import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { listAdminProductsPage, type ProductFilters, type ProductStatusFilter } from '../../api/catalogue.ts';
import { productKeys } from '../../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton, TableScroller } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ProductStatus } from './ProductStatus.tsx';

/** Every product by SKU, with its stock; searched by SKU or name, filtered by active or retired. */
export function CatalogueListPage() {
  const [filters, setFilters] = useState<ProductFilters>({ search: '', status: '' });
  const products = useInfiniteQuery({
    queryKey: productKeys.page(filters),
    queryFn: ({ pageParam }) => listAdminProductsPage(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextAfterSku,
  });
  const rows = products.data?.pages.flatMap((page) => page.products) ?? [];

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilters({
      search: String(form.get('search') ?? '').trim(),
      status: String(form.get('status') ?? '') as ProductStatusFilter,
    });
  };

  return (
    <>
      <PageHeading
        actions={
          <Link href="/new" className="button button-primary">
            New product
          </Link>
        }
      >
        Catalogue
      </PageHeading>
      <form className="filters" onSubmit={apply} aria-label="Search the catalogue">
        <label className="field">
          <span>SKU or name</span>
          <input type="search" name="search" autoComplete="off" />
        </label>
        <label className="field">
          <span>Status</span>
          <select name="status" defaultValue="">
            <option value="">Active and retired</option>
            <option value="ACTIVE">Active</option>
            <option value="RETIRED">Retired</option>
          </select>
        </label>
        <button type="submit" className="button-primary">
          Search
        </button>
      </form>
      {products.isPending ? (
        <Skeleton label="Loading the catalogue" rows={6} />
      ) : products.isError ? (
        <ErrorNotice
          error={products.error}
          onRetry={() => products.refetch()}
          title="Could not load the catalogue"
        />
      ) : rows.length === 0 ? (
        <EmptyState
          title={filters.search || filters.status ? 'No products match.' : 'The catalogue is empty.'}
        >
          <p>
            <Link href="/new">Add a product</Link>
          </p>
        </EmptyState>
      ) : (
        <TableScroller label="Products">
          <table>
            <caption className="visually-hidden">Products by SKU, with their stock</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  On hand
                </th>
                <th scope="col" className="numeric">
                  Reserved
                </th>
                <th scope="col" className="numeric">
                  Available
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((product) => (
                <tr key={product.id}>
                  <th scope="row">
                    <Link href={`/${product.id}`}>{product.sku}</Link>
                  </th>
                  <td>{product.name}</td>
                  <td>
                    <ProductStatus active={product.active} />
                  </td>
                  <td className="numeric">{product.on_hand}</td>
                  <td className="numeric">{product.reserved}</td>
                  <td className="numeric">{product.available}</td>
                  <td>{formatDateTime(product.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      )}
      {products.hasNextPage && (
        <p className="pager">
          <button
            type="button"
            onClick={() => products.fetchNextPage()}
            disabled={products.isFetchingNextPage}
          >
            {products.isFetchingNextPage ? 'Loading more products…' : 'Show more products'}
          </button>
        </p>
      )}
    </>
  );
}
