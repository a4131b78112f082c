// After a crisis: the team's debrief, kept with the crisis, and its incident report.
import { z } from 'zod';
import { id, instant, text } from './domain';
import { exportLanguage } from './exchange';

const debriefText = text(10_000);

/** version 0 saves the first debrief of a crisis; after that, the version last read. */
export const debriefSave = z
  .object({
    crisisId: id,
    version: z.number().int().min(0),
    whatWorked: debriefText,
    whatDidNotWork: debriefText,
    lessons: debriefText,
  })
  .strict();
export type DebriefSave = z.infer<typeof debriefSave>;

/** A crisis without a debrief answers version 0, empty texts and no author. */
export const debrief = z.object({
  crisisId: id,
  version: z.number().int(),
  whatWorked: z.string(),
  whatDidNotWork: z.string(),
  lessons: z.string(),
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
});
export type Debrief = z.infer<typeof debrief>;

/** The incident report names people and places: it is not anonymised, and says so. */
export const incidentReportInput = z.object({ crisisId: id, language: exportLanguage }).strict();
export type IncidentReportInput = z.infer<typeof incidentReportInput>;
