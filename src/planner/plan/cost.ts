import type { InstanceType } from './catalog.js';

/**
 * What a node costs per hour, by cost model. Cloud: the catalogue's pricePerHour. On-premises (the
 * "before buying hardware" case): the purchase price spread evenly over the horizon (straight-line
 * amortisation, no residual value, no cost of capital), plus the machine's power at the electricity
 * price, plus a rack cost per node and month (space, cooling, network port, support contract).
 */

export const HOURS_PER_YEAR = 8760;
/** A month as 1/12 of a 365-day year, the convention of per-month prices. */
export const HOURS_PER_MONTH = HOURS_PER_YEAR / 12;

export type CostModel =
  | { kind: 'cloud' }
  | {
      kind: 'on-prem';
      /** Amortisation period in hours. */
      horizonHours: number;
      /** Price of one kWh. */
      powerPricePerKwh: number;
      /** Per node and month. */
      rackCostPerMonth: number;
    };

/** Why a cost model cannot price an instance type, or undefined when it can. */
export function unpriceableReason(type: InstanceType, model: CostModel): string | undefined {
  if (model.kind === 'cloud') return undefined;
  if (type.purchasePrice === null) return `${type.instanceType} has no purchasePrice in the catalogue`;
  if (type.powerWatts === null && model.powerPricePerKwh > 0)
    return `${type.instanceType} has no powerWatts in the catalogue`;
  return undefined;
}

/** Cost of one node of `type` per hour under `model` (the type must be priceable: unpriceableReason). */
export function nodeCostPerHour(type: InstanceType, model: CostModel): number {
  if (model.kind === 'cloud') return type.pricePerHour;
  const amortised = (type.purchasePrice ?? 0) / model.horizonHours;
  const power = ((type.powerWatts ?? 0) / 1000) * model.powerPricePerKwh;
  return amortised + power + model.rackCostPerMonth / HOURS_PER_MONTH;
}

/** A cost model in words, for the report: "cloud list prices" or the on-premises terms. */
export function describeCostModel(model: CostModel): string {
  if (model.kind === 'cloud') return 'cloud: the catalogue’s pricePerHour';
  const years = Number((model.horizonHours / HOURS_PER_YEAR).toPrecision(4));
  return `on-premises: purchasePrice amortised over ${years} y, power at ${model.powerPricePerKwh}/kWh, rack ${model.rackCostPerMonth}/node/month`;
}

/**
 * Reads --horizon: a number with unit y (365 days), mo (a twelfth of a year), d or h, e.g. `3y`,
 * `36mo`; undefined when it is not one.
 */
export function parseHorizonHours(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(y|mo|d|h)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!(n > 0)) return undefined;
  const unit = { y: HOURS_PER_YEAR, mo: HOURS_PER_MONTH, d: 24, h: 1 }[m[2] as 'y' | 'mo' | 'd' | 'h'];
  return n * unit;
}
