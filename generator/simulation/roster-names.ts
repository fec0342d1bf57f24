import { en, Faker } from '@faker-js/faker';
import type { ResolvedOptions } from './options.js';
import { hashSeed } from './random.js';
import { agentAt, supervisorOf, teamAgents } from './roster.js';

/** A human-facing roster entry: the ids the events carry plus names for people to read. */
export interface RosterEntry {
  agentId: string;
  userId: string;
  role: 'agent' | 'supervisor';
  team: number;
  teamName: string;
  name: string;
  username: string;
  email: string;
}

/**
 * The roster of a simulated center, with names from faker's `en` locale, seeded per person so
 * adding agents keeps the others' names.
 */
export function buildRoster(
  o: Pick<ResolvedOptions, 'seed' | 'teamSize' | 'agents' | 'teamCount' | 'supervisorSpan'>,
): RosterEntry[] {
  const faker = new Faker({ locale: en });
  const teamName = (team: number) => {
    faker.seed(hashSeed(`${o.seed}|team-name|${team}`));
    return `${faker.color.human().replace(/^./, (c) => c.toUpperCase())} ${faker.animal.type().replace(/^./, (c) => c.toUpperCase())}s`;
  };
  const teamNames = Array.from({ length: o.teamCount }, (_, t) => teamName(t));
  const person = (key: string, agentId: string) => {
    faker.seed(hashSeed(`${o.seed}|person|${key}`));
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const username = `${firstName}.${lastName}.${agentId}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    return { name: `${firstName} ${lastName}`, username, email: `${username}@example.com` };
  };
  const out: RosterEntry[] = [];
  for (let team = 0; team < o.teamCount; team++) {
    const groups = Math.ceil(teamAgents(o, team).length / o.supervisorSpan);
    for (let g = 0; g < groups; g++) {
      const s = supervisorOf(o, team, g);
      out.push({
        agentId: s.agentId,
        userId: s.userId,
        role: 'supervisor',
        team,
        teamName: teamNames[team] as string,
        ...person(g === 0 ? `s${team}` : `s${team}.${g}`, s.agentId),
      });
    }
  }
  for (let i = 0; i < o.agents; i++) {
    const a = agentAt(o, i);
    out.push({
      agentId: a.agentId,
      userId: a.userId,
      role: 'agent',
      team: a.team,
      teamName: teamNames[a.team] as string,
      ...person(`a${i}`, a.agentId),
    });
  }
  return out;
}
