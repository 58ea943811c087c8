import { describe, expect, it } from 'vitest';
import { renderVegaLiteSvg } from '../../src/report/render-svg.js';

const spec = {
  data: { values: [0, 1, 2, 3].map((minute) => ({ minute, pods: minute % 2 ? 3 : 2 })) },
  mark: 'line' as const,
  encoding: {
    x: { field: 'minute', type: 'quantitative' as const },
    y: { field: 'pods', type: 'quantitative' as const },
  },
};

describe('renderVegaLiteSvg', () => {
  it('draws the marks as SVG, the same bytes every time', async () => {
    const svg = await renderVegaLiteSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
    expect(await renderVegaLiteSvg(spec)).toBe(svg);
  });
});
