// The incident report as one self-contained HTML page (inline CSS, no script, no remote
// resource), printed to PDF like the summary report. Unlike the summary it is not anonymised:
// it is the team's own record of one crisis, and its first lines say so.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { CasualtiesByParty, Crisis, LogEntry } from '@shared/domain';
import type { Debrief } from '@shared/debriefs';
import { SERBIA_TIME_ZONE } from '@shared/time';
import { PRINTED_PAGE_STYLE, escapeHtml, section } from '../export/report';
import type { ReportLabels, ReportWord } from './labels';

export interface IncidentReportContent {
  crisis: Crisis;
  log: LogEntry[];
  debrief: Debrief;
  /** Who makes the report, and when (an instant). */
  madeBy: string;
  madeAt: string;
}

/** 6. 12. 2026. 05:37 in Serbian, 2026-12-06 05:37 in English, as the app's screens write it. */
function dateTime(instant: string, labels: ReportLabels): string {
  const pattern = labels.language === 'en' ? 'yyyy-MM-dd HH:mm' : 'd. M. yyyy. HH:mm';
  return format(new TZDate(instant, SERBIA_TIME_ZONE), pattern);
}

/** Hours and minutes, h:mm; from a day on, days first: 2 d 5:20. */
export function elapsed(fromInstant: string, toInstant: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(toInstant) - Date.parse(fromInstant)) / 60_000));
  const days = Math.floor(minutes / 1_440);
  const clock = `${Math.floor((minutes % 1_440) / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  return days > 0 ? `${days} d ${clock}` : clock;
}

function text(value: string): string {
  return escapeHtml(value).replace(/\n/g, '<br>');
}

function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${text(value)}</dd>`).join('')}</dl>`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function casualtiesTable(injuries: CasualtiesByParty, deaths: CasualtiesByParty, l: ReportLabels): string {
  const parties = ['subjects', 'hostages', 'police', 'bystanders'] as const;
  return table(
    [l.t('party'), l.t('injured'), l.t('deaths')],
    parties.map((party) => [escapeHtml(l.t(`party.${party}` as ReportWord)), String(injuries[party]), String(deaths[party])]),
  );
}

const STYLE = `${PRINTED_PAGE_STYLE}
body { font-size: 9.5pt; line-height: 1.4; }
h3 { font-size: 10pt; margin: 3mm 0 1mm; }
.reference { font-size: 12pt; color: #4a5568; margin: 0 0 3mm; }
.warning { border: 1pt solid #9b2c2c; color: #742a2a; background: #fff5f5; padding: 2mm 3mm; margin: 0 0 2mm; font-weight: bold; }
.draft { border: 1pt dashed #975a16; color: #744210; background: #fffaf0; padding: 2mm 3mm; margin: 0 0 2mm; font-weight: bold; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.6mm 5mm; margin: 0; }
dl.facts dt { color: #4a5568; }
dl.facts dd { margin: 0; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
section { break-inside: avoid-page; }
section.long { break-inside: auto; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border-bottom: 0.3pt solid #dfe4eb; padding: 0.9mm 1.6mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 0.6pt solid #7a8699; }
tr { break-inside: avoid; }
td.time, td.elapsed { white-space: nowrap; font-variant-numeric: tabular-nums; }
.muted { color: #4a5568; }
footer { margin-top: 8mm; color: #4a5568; font-size: 8pt; }
`;

export function incidentReportHtml(content: IncidentReportContent, l: ReportLabels): string {
  const { crisis, log, debrief } = content;
  const open = crisis.status === 'open';
  const end = crisis.endedAt ?? content.madeAt;

  const factsSection = section(
    l.t('facts'),
    facts([
      [l.t('team'), l.term('team', crisis.teamSlug)],
      [l.t('type'), l.term('crisisType', crisis.type)],
      [l.t('status'), l.term('crisisStatus', crisis.status)],
      [l.t('startedAt'), dateTime(crisis.startedAt, l)],
      [l.t('endedAt'), crisis.endedAt ? dateTime(crisis.endedAt, l) : l.t('ongoing')],
      [l.t('duration'), elapsed(crisis.startedAt, end)],
      [l.t('municipality'), crisis.municipality],
      [l.t('locationNote'), crisis.locationNote],
      [l.t('subjects'), String(crisis.subjects)],
      [l.t('hostages'), String(crisis.hostages)],
    ]),
  );
  const detailsSection = section(
    l.t('details'),
    facts([
      [l.t('weapons'), l.term('weapons', crisis.weapons)],
      [l.t('locationType'), l.term('locationType', crisis.locationType)],
      [l.t('precipitatingEvent'), l.term('precipitatingEvent', crisis.precipitatingEvent)],
      [l.t('communicationMode'), l.term('communicationMode', crisis.communicationMode)],
      [l.t('ageBand'), l.term('ageBand', crisis.subject.ageBand)],
      [l.t('gender'), l.term('gender', crisis.subject.gender)],
      [l.t('underInfluence'), l.term('yesNoUnknown', crisis.subject.underInfluence)],
      [l.t('mentalHealthHistory'), l.term('yesNoUnknown', crisis.subject.mentalHealthHistory)],
      [l.t('priorPoliceContact'), l.term('yesNoUnknown', crisis.subject.priorPoliceContact)],
    ]),
  );
  const deployedSection = section(
    l.t('deployed'),
    crisis.deployments.length === 0
      ? `<p class="muted">${escapeHtml(l.t('nobodyDeployed'))}</p>`
      : table(
          [l.t('member'), l.t('callSign'), l.t('role')],
          crisis.deployments.map((deployment) => [escapeHtml(deployment.name), escapeHtml(deployment.callSign), escapeHtml(l.term('deploymentRole', deployment.role))]),
        ),
  );
  const logSection = section(
    l.t('log'),
    log.length === 0
      ? `<p class="muted">${escapeHtml(l.t('emptyLog'))}</p>`
      : table(
          [l.t('at'), l.t('elapsed'), l.t('entry'), l.t('text')],
          log.map((entry) => [
            `<span class="time">${escapeHtml(dateTime(entry.at, l))}</span>`,
            `<span class="elapsed">+${escapeHtml(elapsed(crisis.startedAt, entry.at))}</span>`,
            escapeHtml(l.term('logKind', entry.kind)),
            [text(entry.text), entry.releasedCount > 0 ? `<span class="muted">${escapeHtml(l.t('released', { count: entry.releasedCount }))}</span>` : '']
              .filter(Boolean)
              .join('<br>'),
          ]),
        ),
    'long',
  );
  const outcomeSection = section(
    l.t('outcomeSection'),
    `<div class="pair"><div>${facts([
      [l.t('outcome'), crisis.outcome ? l.term('outcome', crisis.outcome) : l.t('ongoing')],
      [l.t('hostagesReleased'), `${crisis.hostagesReleased} / ${crisis.hostages}`],
      [l.t('suicidesPrevented'), String(crisis.suicidesPrevented)],
    ])}</div><div><h3>${escapeHtml(l.t('casualties'))}</h3>${casualtiesTable(crisis.injuries, crisis.deaths, l)}</div></div>`,
  );
  const notesSection = crisis.notes ? section(l.t('notes'), `<p>${text(crisis.notes)}</p>`, 'long') : '';
  const debriefPart = (title: ReportWord, value: string) =>
    `<h3>${escapeHtml(l.t(title))}</h3>${value ? `<p>${text(value)}</p>` : `<p class="muted">${escapeHtml(l.t('notWritten'))}</p>`}`;
  const debriefSection = section(
    l.t('debrief'),
    debrief.version === 0
      ? `<p class="muted">${escapeHtml(l.t('noDebrief'))}</p>`
      : [
          debriefPart('whatWorked', debrief.whatWorked),
          debriefPart('whatDidNotWork', debrief.whatDidNotWork),
          debriefPart('lessons', debrief.lessons),
          debrief.updatedAt && debrief.updatedBy
            ? `<p class="muted">${escapeHtml(l.t('debriefBy', { who: debrief.updatedBy, when: dateTime(debrief.updatedAt, l) }))}</p>`
            : '',
        ].join(''),
    'long',
  );

  const title = `${l.t('title')} ${crisis.reference}`;
  const htmlLanguage = l.language === 'en' ? 'en' : l.language;
  return `<!doctype html>
<html lang="${htmlLanguage}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(l.t('title'))}</h1>
<p class="reference">${escapeHtml(crisis.reference)} · ${escapeHtml(l.term('team', crisis.teamSlug))}</p>
<p class="warning">${escapeHtml(l.t('notAnonymised'))}</p>
${open ? `<p class="draft">${escapeHtml(l.t('draft'))}</p>` : ''}
${factsSection}
${detailsSection}
${deployedSection}
${logSection}
${outcomeSection}
${notesSection}
${debriefSection}
<footer>${escapeHtml(l.t('generated', { who: content.madeBy, when: dateTime(content.madeAt, l) }))}</footer>
</body>
</html>`;
}
