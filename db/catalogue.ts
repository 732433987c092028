/**
 * The demo catalogue: what `npm start` sells and what the seed and benchmarks order. Prices are in
 * minor units per currency (JPY has none). Units on hand are what a new product starts with.
 */
export interface CatalogueEntry {
  sku: string;
  name: string;
  description: string;
  prices: Record<string, number>;
  onHand: number;
}

/** Plenty, so demos, tests and benchmarks that order the demo products do not run out. */
const PLENTY = 100_000;

export const DEMO_CATALOGUE: readonly CatalogueEntry[] = [
  {
    sku: 'KB-MECH-87',
    name: 'Mechanical keyboard',
    description: 'Tenkeyless, hot-swap switches',
    prices: { USD: 12900, EUR: 11900, GBP: 10900, JPY: 19800 },
    onHand: PLENTY,
  },
  {
    sku: 'MS-ERGO-01',
    name: 'Ergonomic mouse',
    description: 'Vertical grip, USB-C',
    prices: { USD: 5900, EUR: 5500, GBP: 4900, JPY: 8800 },
    onHand: PLENTY,
  },
  {
    sku: 'MON-27-4K',
    name: '27" 4K monitor',
    description: 'IPS, 60 Hz, USB-C 65 W',
    prices: { USD: 38900, EUR: 36900, GBP: 32900 },
    onHand: PLENTY,
  },
  {
    sku: 'HUB-USBC-7',
    name: 'USB-C hub',
    description: '7 ports, 100 W passthrough',
    prices: { USD: 4900, EUR: 4500, GBP: 3900, JPY: 6800 },
    onHand: PLENTY,
  },
  {
    sku: 'CAM-1080-AF',
    name: 'Webcam 1080p',
    description: 'Autofocus, privacy shutter',
    prices: { USD: 6900, EUR: 6500, GBP: 5900 },
    onHand: PLENTY,
  },
  {
    sku: 'HS-ANC-200',
    name: 'Noise-cancelling headset',
    description: 'Wireless, 30 h battery',
    prices: { USD: 17900, EUR: 16900, GBP: 14900, JPY: 26800 },
    onHand: PLENTY,
  },
  {
    sku: 'DESK-MAT-XL',
    name: 'Desk mat XL',
    description: '90 x 40 cm, stitched edges',
    prices: { USD: 2500, EUR: 2300, GBP: 1900, JPY: 3300 },
    onHand: PLENTY,
  },
  {
    sku: 'STAND-LAP-AL',
    name: 'Laptop stand',
    description: 'Aluminium, adjustable height',
    prices: { USD: 3900, EUR: 3700, GBP: 3200 },
    onHand: PLENTY,
  },
  {
    sku: 'CBL-USBC-2M',
    name: 'USB-C cable 2 m',
    description: '240 W, braided',
    prices: { USD: 1500, EUR: 1400, GBP: 1200, JPY: 1980 },
    onHand: PLENTY,
  },
  {
    sku: 'LAMP-LED-DESK',
    name: 'LED desk lamp',
    description: 'Dimmable, warm to cool',
    prices: { USD: 4500, EUR: 4200, GBP: 3700 },
    onHand: PLENTY,
  },
  {
    sku: 'SSD-EXT-1TB',
    name: 'External SSD 1 TB',
    description: 'USB 3.2 Gen 2, 1050 MB/s',
    prices: { USD: 9900, EUR: 9500, GBP: 8400, JPY: 14800 },
    onHand: PLENTY,
  },
  {
    sku: 'CHAIR-MESH-PRO',
    name: 'Mesh office chair',
    description: 'Lumbar support, 4D arms',
    prices: { USD: 44900, EUR: 42900, GBP: 37900 },
    onHand: PLENTY,
  },
];
