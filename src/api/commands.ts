import { get, post } from 'aws-amplify/api';
import { fetchAuthSession } from 'aws-amplify/auth';
import type { CreateOrderRequest, ReportPeriod, TransitionRequest } from '../../core/order-requests.ts';
import { PROBLEM_TYPE } from '../../core/problem-types.ts';
import { ApiProblem, type ProblemField } from './problem.ts';
import { ORDERS_API } from './rest-api.ts';

// Commands go to the HTTP API through aws-amplify/api with the user-pool access token (its JWT
// authorizer reads claims from the access token). Failures arrive as problem+json.

/** What a command answers about the order it changed (the views re-read the rest). */
export interface CommandResult {
  id: string;
  status: string;
  version: number;
}

async function authorization(): Promise<Record<string, string>> {
  const token = (await fetchAuthSession()).tokens?.accessToken?.toString();
  if (!token) throw new ApiProblem(401, PROBLEM_TYPE.unauthenticated, 'You are signed out.');
  return { Authorization: `Bearer ${token}` };
}

interface RestErrorShape {
  response?: { statusCode: number; body?: string };
}

/** Rethrows a failed call as the ApiProblem its problem+json answer describes. */
function throwAsApiProblem(error: unknown): never {
  const response = (error as RestErrorShape).response;
  if (!response) throw error;
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body ?? '{}') as Record<string, unknown>;
  } catch {
    // Not problem+json (a proxy's error page): the status alone has to do.
  }
  throw new ApiProblem(
    response.statusCode,
    String(body.type ?? 'about:blank'),
    String(body.detail ?? body.title ?? `The request failed (${response.statusCode}).`),
    (body.errors as ProblemField[] | undefined) ?? [],
    body,
  );
}

/** One call to the HTTP API with the access token; a refusal is thrown as its ApiProblem. */
export async function send<T>(
  method: typeof get | typeof post,
  path: string,
  options: object = {},
): Promise<T> {
  const headers = await authorization();
  const { headers: extraHeaders, ...rest } = options as { headers?: Record<string, string> };
  try {
    const { body } = await method({
      apiName: ORDERS_API,
      path,
      options: { ...rest, headers: { ...headers, ...extraHeaders } },
    }).response;
    return (await body.json()) as T;
  } catch (error) {
    throwAsApiProblem(error);
  }
}

export function placeOrder(request: CreateOrderRequest, idempotencyKey: string): Promise<CommandResult> {
  return send(post, '/orders', {
    headers: { 'Idempotency-Key': idempotencyKey },
    body: request as unknown as Record<string, unknown>,
  });
}

export function cancelOrder(orderId: string, expectedVersion: number): Promise<CommandResult> {
  return send(post, `/orders/${encodeURIComponent(orderId)}/cancel`, { body: { expectedVersion } });
}

export function transitionOrder(orderId: string, request: TransitionRequest): Promise<CommandResult> {
  return send(post, `/orders/${encodeURIComponent(orderId)}/transitions`, {
    body: request as unknown as Record<string, unknown>,
  });
}

export interface Report {
  id: string;
  status: 'PENDING' | 'RUNNING' | 'READY' | 'FAILED';
  periodStart: string;
  periodEnd: string;
  rowCount: number | null;
  createdAt: string;
  completedAt: string | null;
}

export function requestReport(period: ReportPeriod): Promise<{ id: string; status: string }> {
  return send(post, '/reports', { body: period as unknown as Record<string, unknown> });
}

export interface ReportsPage {
  items: Report[];
  /** Where the next, older page starts; null on the last page. */
  nextCursor: string | null;
}

export function listReports(cursor: string | null): Promise<ReportsPage> {
  return send(get, '/reports', { queryParams: { limit: '20', ...(cursor && { cursor }) } });
}

/** One report by id: what the report email's link opens. */
export function getReport(reportId: string): Promise<Report> {
  return send(get, `/reports/${encodeURIComponent(reportId)}`);
}

/** The filters "My orders" offers; they live in the page's URL. */
export interface MyOrdersFilters {
  status?: string;
  /** Inclusive first and last day (YYYY-MM-DD), in the browser's time zone. */
  from?: string;
  to?: string;
}

/** A row of "My orders", in the shape the orders table shows (the admin console's rows have it too). */
export interface MyOrderRow {
  id: string;
  status: string;
  version: number;
  currency: string;
  total_amount: number;
  item_count: number;
  owner_email: string;
  created_at: string;
  updated_at: string;
}

export interface MyOrdersPage {
  orders: MyOrderRow[];
  /** Where the next, older page starts; null on the last page. */
  nextCursor: string | null;
}

interface OrderSummaryBody {
  id: string;
  status: string;
  version: number;
  currency: string;
  totalAmount: number;
  itemCount: number;
  ownerEmail: string;
  createdAt: string;
  updatedAt: string;
}

const MY_ORDERS_PAGE_SIZE = 20;

/** Local midnight starting `day` (YYYY-MM-DD), as an instant the API reads. */
function startOfLocalDay(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + plusDays).toISOString();
}

/** A page of the caller's own orders, newest first (`GET /orders`: the server reads whose from the token). */
export async function listMyOrders(filters: MyOrdersFilters, cursor: string | null): Promise<MyOrdersPage> {
  const page = await send<{ items: OrderSummaryBody[]; nextCursor: string | null }>(get, '/orders', {
    queryParams: {
      limit: String(MY_ORDERS_PAGE_SIZE),
      ...(filters.status && { status: filters.status }),
      ...(filters.from && { createdFrom: startOfLocalDay(filters.from) }),
      ...(filters.to && { createdBefore: startOfLocalDay(filters.to, 1) }),
      ...(cursor && { cursor }),
    },
  });
  return {
    orders: page.items.map((order) => ({
      id: order.id,
      status: order.status,
      version: order.version,
      currency: order.currency,
      total_amount: order.totalAmount,
      item_count: order.itemCount,
      owner_email: order.ownerEmail,
      created_at: order.createdAt,
      updated_at: order.updatedAt,
    })),
    nextCursor: page.nextCursor,
  };
}

export function reportDownloadLink(reportId: string): Promise<{ url: string; expiresInSeconds: number }> {
  return send(get, `/reports/${encodeURIComponent(reportId)}/download`);
}
