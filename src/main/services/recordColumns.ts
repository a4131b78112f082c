// A record's input as the columns the store keeps. Apart from the services that query the store,
// because the import's reading thread needs them too and must not load the query builder (Kysely
// took ~110 ms of the thread's start, of a 100,000-row import's ~7 s).
import type { crisisInput, hotlineCallInput } from '@shared/domain';
import { serbianDayOf, toUtcInstant } from '@shared/time';
import type { z } from 'zod';

/** A crisis as the store's columns, for createCrisis, updateCrisis and the import. */
export function crisisColumnsOf(data: z.infer<typeof crisisInput>) {
  return {
    team_slug: data.teamSlug,
    started_at: toUtcInstant(data.startedAt),
    started_on: serbianDayOf(data.startedAt),
    ended_at: data.endedAt ? toUtcInstant(data.endedAt) : null,
    type: data.type,
    municipality: data.municipality,
    location_note: data.locationNote,
    subjects: data.subjects,
    hostages: data.hostages,
    hostages_released: data.hostagesReleased,
    suicides_prevented: data.suicidesPrevented,
    outcome: data.outcome,
    weapons: data.weapons,
    location_type: data.locationType,
    precipitating_event: data.precipitatingEvent,
    communication_mode: data.communicationMode,
    subject_age_band: data.subject.ageBand,
    subject_gender: data.subject.gender,
    subject_under_influence: data.subject.underInfluence,
    subject_mental_health_history: data.subject.mentalHealthHistory,
    subject_prior_police_contact: data.subject.priorPoliceContact,
    injured_subjects: data.injuries.subjects,
    injured_hostages: data.injuries.hostages,
    injured_police: data.injuries.police,
    injured_bystanders: data.injuries.bystanders,
    deaths_subjects: data.deaths.subjects,
    deaths_hostages: data.deaths.hostages,
    deaths_police: data.deaths.police,
    deaths_bystanders: data.deaths.bystanders,
    notes: data.notes,
  };
}

/** A hotline call as the store's columns, for createHotlineCall, updateHotlineCall and the import. */
export function hotlineCallColumnsOf(data: z.infer<typeof hotlineCallInput>) {
  return {
    received_at: toUtcInstant(data.receivedAt),
    received_on: serbianDayOf(data.receivedAt),
    caller: data.caller,
    outlet: data.outlet,
    threat: data.threat,
    urgency: data.urgency,
    municipality: data.municipality,
    action: data.action,
    follow_up_due: data.followUpDue,
    status: data.status,
    notes: data.notes,
  };
}
