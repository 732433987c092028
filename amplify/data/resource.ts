import { a, type ClientSchema, defineData, secret } from '@aws-amplify/backend';
import { configure } from '@aws-amplify/data-schema/internals';
import { ADMINS_GROUP } from '../../core/groups.ts';
import { platform } from '../config/index.ts';

const { network } = platform;

/**
 * A Cognito group that nobody is ever put in. Naming it on `publishOrderEvent` makes AppSync itself
 * refuse every user-pool caller, so only IAM (the EventBridge target's role) reaches the resolver,
 * which then checks the role too (publish-order-event.js).
 */
export const NO_USER_GROUP = 'NO_USER_EVENT_PUBLISHERS';

// The SQL Lambda Amplify creates runs in the isolated subnets with the platform's SQL Lambda group.
// The schema loads before the backend exists, so these are literal IDs from the platform's outputs,
// and the group is the platform's (an environment's own group has no ID yet). Environments' SQL
// Lambdas share that group; what keeps them apart is the database role: each signs in as its
// environment's readonly role, which may CONNECT to its own database only.
const sqlSchema = configure({
  database: {
    identifier: 'SecureOrdersPostgres',
    engine: 'postgresql',
    // postgres://<readonly role>:<password>@<cluster reader endpoint>:5432/<db>?sslmode=verify-full,
    // printed by `npm run env:sql-connection-string` (see amplify/README.md). Not through the proxy:
    // it admits IAM tokens only, and Amplify's SQL Lambda can send a password only.
    connectionUri: secret('SQL_CONNECTION_STRING'),
    vpcConfig: {
      vpcId: network.vpcId,
      securityGroupIds: [network.sqlLambdaSecurityGroupId],
      subnetAvailabilityZones: network.isolatedSubnets.map(({ subnetId, availabilityZone }) => ({
        subnetId,
        availabilityZone,
      })),
    },
    minimizeRdsVpcEndpoints: true,
  },
});

// Reads only: every write goes through the HTTP API's commands, so no model has mutations, and
// without mutations through AppSync the generated subscriptions would never fire.
const readOnly = ['mutations', 'subscriptions'] as const;

// Money columns are bigint minor units. GraphQL Int is 32-bit; a Float (IEEE double) holds every
// integer below 2^53 exactly, far above the database's CHECK limits.
const money = () => a.float().required();

/** An order as a row of a list shows it: the Order model's columns the admin console's query returns. */
const orderSummary = () => ({
  id: a.id().required(),
  owner_email: a.string().required(),
  status: a.string().required(),
  currency: a.string().required(),
  total_amount: money(),
  item_count: a.integer().required(),
  version: a.integer().required(),
  created_at: a.datetime().required(),
});

/** The fields of a catalogue event (core/catalogue-events.ts), as published and as received. */
const catalogueEventFields = () => ({
  eventId: a.id().required(),
  productId: a.id().required(),
  type: a.string().required(),
  // Float, as for money: the outbox's sequence is a bigint.
  revision: a.float().required(),
  level: a.string().required(),
  availableWhenLow: a.integer(),
  occurredAt: a.datetime().required(),
});

/** A dashboard query for ADMINS: the rows of `returns` for a date range, by a SQL file beside this one. */
const adminStatsQuery = <Returns extends string>(returns: Returns, sqlFile: string) =>
  a
    .query()
    .arguments({ startDate: a.date().required(), endDate: a.date().required() })
    .returns(a.ref(returns).array())
    .authorization((allow) => [allow.group(ADMINS_GROUP)])
    .handler(a.handler.sqlReference(sqlFile));

export const schema = sqlSchema
  .schema({
    products: a
      .model({
        id: a.id().required(),
        sku: a.string().required(),
        name: a.string().required(),
        description: a.string().required(),
        active: a.boolean().required(),
        version: a.integer().required(),
        created_at: a.datetime().required(),
        updated_at: a.datetime().required(),
      })
      .identifier(['id'])
      .disableOperations(readOnly),
    product_prices: a
      .model({
        id: a.id().required(),
        product_id: a.id().required(),
        currency: a.string().required(),
        unit_amount: money(),
      })
      .identifier(['id'])
      .disableOperations(readOnly),
    orders: a
      .model({
        ...orderSummary(),
        owner_sub: a.string().required(),
        updated_at: a.datetime().required(),
      })
      .identifier(['id'])
      .disableOperations(readOnly),
    order_items: a
      .model({
        id: a.id().required(),
        order_id: a.id().required(),
        owner_sub: a.string().required(),
        line_no: a.integer().required(),
        product_id: a.id().required(),
        product_name: a.string().required(),
        quantity: a.integer().required(),
        unit_amount: money(),
        line_amount: money(),
      })
      .identifier(['id'])
      .disableOperations(readOnly),
    order_events: a
      .model({
        id: a.id().required(),
        order_id: a.id().required(),
        owner_sub: a.string().required(),
        type: a.string().required(),
        actor_role: a.string().required(),
        from_status: a.string(),
        to_status: a.string().required(),
        order_version: a.integer().required(),
        occurred_at: a.datetime().required(),
      })
      .identifier(['id'])
      .disableOperations(readOnly),
  })
  .renameModels(() => [
    ['products', 'Product'],
    ['product_prices', 'ProductPrice'],
    ['orders', 'Order'],
    ['order_items', 'OrderItem'],
    ['order_events', 'OrderEvent'],
  ])
  .setRelationships((models) => [
    models.Product.relationships({ prices: a.hasMany('ProductPrice', 'product_id') }),
    models.ProductPrice.relationships({ product: a.belongsTo('Product', 'product_id') }),
    models.Order.relationships({
      items: a.hasMany('OrderItem', 'order_id'),
      events: a.hasMany('OrderEvent', 'order_id'),
    }),
    models.OrderItem.relationships({ order: a.belongsTo('Order', 'order_id') }),
    models.OrderEvent.relationships({ order: a.belongsTo('Order', 'order_id') }),
  ])
  .setAuthorization((models) => [
    models.Product.authorization((allow) => [allow.authenticated().to(['read'])]),
    models.ProductPrice.authorization((allow) => [allow.authenticated().to(['read'])]),
    ...[models.Order, models.OrderItem, models.OrderEvent].map((model) =>
      model.authorization((allow) => [
        allow.ownerDefinedIn('owner_sub').identityClaim('sub').to(['read']),
        allow.group(ADMINS_GROUP).to(['read']),
      ]),
    ),
  ])
  .addToSchema({
    // What the outbox relay publishes (core/order-events.ts OrderEventMessage).
    OrderEventMessage: a.customType({
      eventId: a.id().required(),
      orderId: a.id().required(),
      ownerSub: a.string().required(),
      type: a.string().required(),
      fromStatus: a.string(),
      toStatus: a.string().required(),
      orderVersion: a.integer().required(),
      occurredAt: a.datetime().required(),
    }),
    DailyOrderStats: a.customType({
      day: a.date().required(),
      currency: a.string().required(),
      orderCount: a.integer().required(),
      revenue: a.float().required(),
    }),
    StatusOrderStats: a.customType({
      status: a.string().required(),
      currency: a.string().required(),
      orderCount: a.integer().required(),
      revenue: a.float().required(),
    }),
    AdminOrderRow: a.customType({ ...orderSummary(), cursor: a.string().required() }),
    // What the catalogue outbox relay publishes (core/catalogue-events.ts CatalogueEventMessage).
    CatalogueEventMessage: a.customType(catalogueEventFields()),
    // Stock is in its own table (product_stock), readable only through these queries: the Product
    // model every customer reads has no stock column.
    AdminProductRow: a.customType({
      id: a.id().required(),
      sku: a.string().required(),
      name: a.string().required(),
      active: a.boolean().required(),
      version: a.integer().required(),
      on_hand: a.integer().required(),
      reserved: a.integer().required(),
      available: a.integer().required(),
      updated_at: a.datetime().required(),
    }),
    ProductAuditEntry: a.customType({
      id: a.id().required(),
      seq: a.float().required(),
      product_id: a.id().required(),
      actor_sub: a.string().required(),
      actor_email: a.string(),
      action: a.string().required(),
      reason: a.string(),
      before: a.json(),
      after: a.json().required(),
      occurred_at: a.datetime().required(),
    }),
    ProductAvailability: a.customType({
      product_id: a.id().required(),
      sku: a.string().required(),
      level: a.string().required(),
      available_when_low: a.integer(),
    }),
    // Admin Catalogue page: products by SKU, one keyset page after `afterSku` ('' for the first),
    // `search` ('' for any) matching SKU or name, `status` ACTIVE, RETIRED or ''.
    adminProductsPage: a
      .query()
      .arguments({
        search: a.string().required(),
        status: a.string().required(),
        afterSku: a.string().required(),
        pageSize: a.integer().required(),
      })
      .returns(a.ref('AdminProductRow').array())
      .authorization((allow) => [allow.group(ADMINS_GROUP)])
      .handler(a.handler.sqlReference('./sql/admin-products-page.sql')),
    // A product's audit trail, newest first: a page before `beforeSeq` (0 for the first).
    productAuditTrail: a
      .query()
      .arguments({
        productId: a.id().required(),
        beforeSeq: a.float().required(),
        pageSize: a.integer().required(),
      })
      .returns(a.ref('ProductAuditEntry').array())
      .authorization((allow) => [allow.group(ADMINS_GROUP)])
      .handler(a.handler.sqlReference('./sql/product-audit-trail.sql')),
    // Every signed-in user: each active product's public availability (a level; the count only
    // when low), by SKU after `afterSku`. Nothing else of the stock leaves the database this way.
    productAvailability: a
      .query()
      .arguments({ afterSku: a.string().required(), pageSize: a.integer().required() })
      .returns(a.ref('ProductAvailability').array())
      .authorization((allow) => [allow.authenticated()])
      .handler(a.handler.sqlReference('./sql/product-availability.sql')),
    // The model list pages by primary key; the admin console needs newest first over every order.
    adminOrdersPage: a
      .query()
      .arguments({
        status: a.string().required(),
        ownerEmail: a.string().required(),
        reference: a.string().required(),
        createdFrom: a.datetime().required(),
        createdBefore: a.datetime().required(),
        afterCursor: a.string().required(),
        afterId: a.id().required(),
        pageSize: a.integer().required(),
      })
      .returns(a.ref('AdminOrderRow').array())
      .authorization((allow) => [allow.group(ADMINS_GROUP)])
      .handler(a.handler.sqlReference('./sql/admin-orders-page.sql')),
    orderStatsByDay: adminStatsQuery('DailyOrderStats', './sql/order-stats-by-day.sql'),
    orderStatsByStatus: adminStatsQuery('StatusOrderStats', './sql/order-stats-by-status.sql'),
    publishOrderEvent: a
      .mutation()
      .arguments({
        eventId: a.id().required(),
        orderId: a.id().required(),
        ownerSub: a.string().required(),
        type: a.string().required(),
        fromStatus: a.string(),
        toStatus: a.string().required(),
        orderVersion: a.integer().required(),
        occurredAt: a.datetime().required(),
      })
      .returns(a.ref('OrderEventMessage'))
      .authorization((allow) => [allow.group(NO_USER_GROUP)])
      .handler(a.handler.custom({ entry: './publish-order-event.js' })),
    onOrderEvent: a
      .subscription()
      .for(a.ref('publishOrderEvent'))
      .authorization((allow) => [allow.authenticated()])
      .handler(a.handler.custom({ entry: './on-order-event.js' })),
    // The same EventBridge target role as publishOrderEvent calls it, and only that role.
    publishCatalogueEvent: a
      .mutation()
      .arguments(catalogueEventFields())
      .returns(a.ref('CatalogueEventMessage'))
      .authorization((allow) => [allow.group(NO_USER_GROUP)])
      .handler(a.handler.custom({ entry: './publish-order-event.js' })),
    // Public availability only, so every signed-in user may hear every product's changes.
    onCatalogueEvent: a
      .subscription()
      .for(a.ref('publishCatalogueEvent'))
      .authorization((allow) => [allow.authenticated()])
      .handler(a.handler.custom({ entry: './on-catalogue-event.js' })),
  });

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: { defaultAuthorizationMode: 'userPool' },
  logging: { fieldLogLevel: 'error', retention: '1 month', excludeVerboseContent: true },
});
