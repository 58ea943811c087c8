/** The pages' only style sheet, inline: readable tables, the SLO cards, charts that fit the page. */
export const PAGE_STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; }
code { font-size: .9em; background: #f3f3f3; padding: 0 .2em; }
.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: .88rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f6f6; }
nav ul { columns: 3; padding-left: 1.2rem; font-size: .9rem; }
.slo { display: flex; flex-wrap: wrap; gap: .6rem; margin: .6rem 0; padding: 0; list-style: none; }
.slo li { border: 1px solid #ccc; border-left-width: 6px; border-radius: 4px; padding: .4rem .7rem; min-width: 12rem; }
.slo .met { border-left-color: #2ca02c; }
.slo .missed { border-left-color: #d62728; background: #fff5f5; }
.slo .info { border-left-color: #999; }
.slo b { display: block; font-size: 1.15rem; }
figure { margin: 1.5rem 0; }
figcaption { margin-bottom: .4rem; }
.chart { overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
`;
