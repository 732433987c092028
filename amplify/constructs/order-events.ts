import { Aws, Duration } from 'aws-cdk-lib';
import type { IGraphqlApi } from 'aws-cdk-lib/aws-appsync';
import { EventBus, EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { AppSync } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CATALOGUE_EVENT_DETAIL_TYPE,
  CATALOGUE_EVENT_SOURCE,
  type CatalogueEventMessage,
} from '../../core/catalogue-events.ts';
import {
  ORDER_EVENT_DETAIL_TYPE,
  ORDER_EVENT_SOURCE,
  type OrderEventMessage,
} from '../../core/order-events.ts';
import { DataKey, KEY_WRITE } from './data-keys.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';

const MESSAGE_FIELDS = [
  'eventId',
  'orderId',
  'ownerSub',
  'type',
  'fromStatus',
  'toStatus',
  'orderVersion',
  'occurredAt',
] as const satisfies ReadonlyArray<keyof OrderEventMessage>;

/** The mutation the rule sends; selecting ownerSub lets the subscription filter on it. */
export const PUBLISH_ORDER_EVENT_OPERATION = `mutation PublishOrderEvent($eventId: ID!, $orderId: ID!, $ownerSub: String!, $type: String!, $fromStatus: String, $toStatus: String!, $orderVersion: Int!, $occurredAt: AWSDateTime!) {
  publishOrderEvent(eventId: $eventId, orderId: $orderId, ownerSub: $ownerSub, type: $type, fromStatus: $fromStatus, toStatus: $toStatus, orderVersion: $orderVersion, occurredAt: $occurredAt) {
    ${MESSAGE_FIELDS.join(' ')}
  }
}`;

const CATALOGUE_MESSAGE_FIELDS = [
  'eventId',
  'productId',
  'type',
  'revision',
  'level',
  'availableWhenLow',
  'occurredAt',
] as const satisfies ReadonlyArray<keyof CatalogueEventMessage>;

/** The catalogue's mutation: every field of the message, which every signed-in user may receive. */
export const PUBLISH_CATALOGUE_EVENT_OPERATION = `mutation PublishCatalogueEvent($eventId: ID!, $productId: ID!, $type: String!, $revision: Float!, $level: String!, $availableWhenLow: Int, $occurredAt: AWSDateTime!) {
  publishCatalogueEvent(eventId: $eventId, productId: $productId, type: $type, revision: $revision, level: $level, availableWhenLow: $availableWhenLow, occurredAt: $occurredAt) {
    ${CATALOGUE_MESSAGE_FIELDS.join(' ')}
  }
}`;

/** One kind of bus event delivered to AppSync by a mutation taking its fields. */
interface AppSyncRoute {
  source: string;
  detailType: string;
  operation: string;
  fields: readonly string[];
}

export interface OrderEventsProps {
  /** The Amplify Data API; the target role must live in its stack (across stacks it makes a cycle). */
  api: IGraphqlApi;
}

/**
 * Realtime path: the outbox relay puts order and catalogue events on a custom bus; a rule per kind
 * calls AppSync's `publishOrderEvent` or `publishCatalogueEvent` with a role that may call those
 * two fields only, so subscribers get them. Failed
 * deliveries are retried, then kept in a dead-letter queue.
 */
export class OrderEvents extends Construct {
  readonly bus: EventBus;
  readonly deadLetterQueue: Queue;
  readonly publisherRole: Role;

  constructor(scope: Construct, id: string, { api }: OrderEventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'Secure Orders domain events' });
    // Its own key: the data stack cannot refer to the functions stack's (that stack refers to this one).
    const key = new DataKey(this, 'DeadLetterKey', 'Secure Orders order-event dead letters');
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', key);

    this.publisherRole = new Role(this, 'PublisherRole', {
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description:
        'EventBridge -> AppSync: may call Mutation.publishOrderEvent and publishCatalogueEvent only',
    });
    this.publisherRole.addToPolicy(
      new PolicyStatement({
        actions: ['appsync:GraphQL'],
        resources: [
          `${api.arn}/types/Mutation/fields/publishOrderEvent`,
          `${api.arn}/types/Mutation/fields/publishCatalogueEvent`,
        ],
      }),
    );

    const toAppSync = (id: string, description: string, route: AppSyncRoute) => {
      const rule = new Rule(this, id, {
        eventBus: this.bus,
        description,
        eventPattern: { source: [route.source], detailType: [route.detailType] },
        targets: [
          new AppSync(api, {
            graphQLOperation: route.operation,
            variables: RuleTargetInput.fromObject(
              Object.fromEntries(
                route.fields.map((field) => [field, EventField.fromPath(`$.detail.${field}`)]),
              ),
            ),
            eventRole: this.publisherRole,
            deadLetterQueue: this.deadLetterQueue,
            retryAttempts: 8,
            maxEventAge: Duration.hours(1),
          }),
        ],
      });
      key.allowService('events.amazonaws.com', rule.ruleArn, KEY_WRITE);
    };
    toAppSync('ToAppSync', 'Order events to AppSync subscribers', {
      source: ORDER_EVENT_SOURCE,
      detailType: ORDER_EVENT_DETAIL_TYPE,
      operation: PUBLISH_ORDER_EVENT_OPERATION,
      fields: MESSAGE_FIELDS,
    });
    toAppSync('CatalogueToAppSync', 'Catalogue events (public availability) to AppSync subscribers', {
      source: CATALOGUE_EVENT_SOURCE,
      detailType: CATALOGUE_EVENT_DETAIL_TYPE,
      operation: PUBLISH_CATALOGUE_EVENT_OPERATION,
      fields: CATALOGUE_MESSAGE_FIELDS,
    });
  }

  /** Lets `grantee` put events on the bus, and only with this source and detail-type. */
  allowPut(grantee: IGrantable, source: string, detailType: string): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': source, 'events:detail-type': detailType } },
      }),
    );
  }
}
