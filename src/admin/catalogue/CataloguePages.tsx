import { Route, Switch } from 'wouter';
import { CatalogueListPage } from './CatalogueListPage.tsx';
import { CreateProductPage } from './CreateProductPage.tsx';
import { ProductPage } from './ProductPage.tsx';

/** The admin Catalogue, nested under its route (paths here are relative to /admin/catalogue). */
export default function CataloguePages() {
  return (
    <Switch>
      <Route path="/">
        <CatalogueListPage />
      </Route>
      <Route path="/new">
        <CreateProductPage />
      </Route>
      <Route path="/:id">{({ id }) => <ProductPage key={id} productId={id} />}</Route>
    </Switch>
  );
}
