import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SimError } from '../../generator/errors.js';
import type { Notification } from '../../generator/notification.js';
import { checkNotification } from '../../generator/schema-validator.js';
import { simulate } from '../../generator/simulate.js';
import { type RunningReceiver, startReceiver } from '../../receiver/receiver.js';
import type { Pace } from '../../scenarios/scenario.js';
import { type DeliveryMode, type DeliverySummary, deliver } from '../../sender/deliver.js';
import { type HandshakeResult, handshake } from '../../sender/handshake.js';
import { type SignatureFormat, secretKey } from '../../wire/index.js';
import { EXIT } from '../cli-error.js';
import { readEvents } from '../events-file.js';
import { formatDelivery, formatFaults, formatReceiverStats } from '../report.js';
import { loadScenario } from '../scenario-file.js';
import { parseHeaders, simulationFlags, simulationOptionsFromFlags } from './shared-options.js';

function builder(y: Argv) {
  return simulationFlags(y)
    .option('scenario', {
      type: 'string',
      describe:
        'A scenario name ("vcc-sim scenarios" lists them) or a scenario file (.js, .mjs, .json)',
      defaultDescription: 'smoke',
    })
    .option('events', {
      type: 'string',
      describe: 'Fire this stream (NDJSON, JSON array or batch) instead of simulating',
    })
    .option('target', {
      type: 'string',
      describe: 'Webhook URL; without it the built-in receiver runs on a free loopback port',
    })
    .option('speed', {
      type: 'number',
      describe: "Replay X times faster than real time (default: the scenario's)",
    })
    .option('rate', { type: 'number', describe: 'Cap requests per second' })
    .option('max', { type: 'boolean', describe: 'As fast as the target accepts' })
    .option('concurrency', {
      type: 'number',
      describe: "Requests in flight at once (default: the scenario's)",
    })
    .option('mode', {
      choices: ['structured', 'binary', 'batch'] as const,
      describe: 'structured (as VCC sends), binary (ce-* headers) or batch',
    })
    .option('header', {
      type: 'string',
      array: true,
      describe: "Extra header on every request, 'Name: value'",
    })
    .option('bearer', { type: 'string', describe: 'Send Authorization: Bearer TOKEN' })
    .option('secret', {
      type: 'string',
      describe: 'Base64 subscription secret: sign every request (Vonage-Signature)',
    })
    .option('signature-format', {
      choices: ['jwt', 'bearer'] as const,
      default: 'jwt' as SignatureFormat,
      describe: 'Vonage-Signature as the bare JWT or "Bearer <JWT>"',
    })
    .option('handshake', {
      type: 'boolean',
      default: false,
      describe: 'Run the CloudEvents webhook validation handshake first',
    })
    .option('origin', {
      type: 'string',
      default: 'vcc-event-sim',
      describe: 'WebHook-Request-Origin for --handshake',
    })
    .option('max-attempts', {
      type: 'number',
      describe: 'Give an event up after this many attempts',
    })
    .option('timeout', {
      type: 'number',
      describe: 'No answer within this many ms is a failure (default 10000)',
    })
    .option('max-body', {
      type: 'number',
      describe: "The target's body limit in bytes, for chaos's oversized body (default 1 MiB)",
    })
    .option('ledger', {
      type: 'string',
      describe: 'Write one NDJSON line per event (and per chaos request) with its outcome',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' })
    .conflicts('max', ['speed', 'rate'])
    .example(
      '$0 fire --scenario steady --speed 600',
      'A mid-size day against the built-in receiver, 600x real time',
    )
    .example(
      '$0 fire --target http://127.0.0.1:3000/vcc --secret "$SECRET" --ledger ledger.ndjson',
      'Your receiver, signed',
    )
    .example(
      '$0 fire --scenario chaos --target http://127.0.0.1:3000/vcc',
      'Does your receiver reject bad input?',
    )
    .example(
      '$0 fire --events day.ndjson --max --mode batch',
      'Replay a file as fast as it is accepted',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** What the built-in receiver got, checked against what was delivered. */
interface ReceiverCheck {
  /** Delivered events the receiver does not have. */
  missing: number;
  pairsComplete: number;
  pairsPending: number;
  ok: boolean;
}

async function handler(argv: Args): Promise<void> {
  const scenario = await loadScenario(argv.scenario);
  const d = scenario.delivery;
  const headers = parseHeaders(argv.header, argv.bearer);
  if (argv.secret !== undefined) secretKey(argv.secret);
  let pace: Pace = { speed: scenario.speed };
  if (argv.max) pace = { max: true };
  else if (argv.speed !== undefined || argv.rate !== undefined) {
    pace = {
      ...(argv.speed !== undefined ? { speed: argv.speed } : {}),
      ...(argv.rate !== undefined ? { rate: argv.rate } : {}),
    };
  }
  const retry = argv.timeout !== undefined ? { ...d.retry, timeoutMs: argv.timeout } : d.retry;
  if (argv.events) {
    // Read the file through once first: a bad line (not JSON, or not a valid notification) fails
    // the run before anything is sent.
    const valid = (e: Notification) => {
      const r = checkNotification(e);
      return r.ok ? undefined : r.errors.slice(0, 2).join('; ');
    };
    for await (const _ of readEvents(argv.events, valid));
  }
  const source = argv.events
    ? readEvents(argv.events)
    : simulate(simulationOptionsFromFlags(argv, scenario.simulation)).timed();
  // Open the ledger before firing, so a bad path fails before anything is sent.
  const ledgerFd = argv.ledger !== undefined ? openSync(argv.ledger, 'w') : undefined;
  const ledger = ledgerFd !== undefined ? createWriteStream('', { fd: ledgerFd }) : undefined;
  const writeLine = (o: object) => {
    ledger?.write(`${JSON.stringify(o)}\n`);
  };

  let receiver: RunningReceiver | undefined;
  let target = argv.target;
  if (target === undefined) {
    receiver = await startReceiver({
      port: 0,
      ...(argv.secret !== undefined ? { secret: argv.secret } : {}),
      ...(argv.maxBody !== undefined ? { maxBodyBytes: argv.maxBody } : {}),
    });
    target = receiver.url;
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(
      'vcc-sim fire: stopping; pending events end as not sent (Ctrl-C again to quit at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let granted: HandshakeResult | undefined;
  const delivered = receiver ? new Set<string>() : undefined;
  let summary: DeliverySummary;
  try {
    if (argv.handshake) {
      granted = await handshake(target, { origin: argv.origin, headers });
      if (!granted.granted) {
        const why =
          granted.error ??
          `status ${granted.status}, WebHook-Allowed-Origin ${granted.allowedOrigin ?? 'missing'}`;
        throw new SimError(
          'delivery',
          `The receiver did not grant delivery in the webhook handshake (${why}).`,
        );
      }
      if (typeof granted.allowedRate === 'number') {
        const perSecond = granted.allowedRate / 60;
        pace = {
          ...(pace.speed !== undefined ? { speed: pace.speed } : {}),
          rate: Math.min(pace.rate ?? perSecond, perSecond),
        };
      }
    }
    summary = await deliver(source, {
      target,
      mode: (argv.mode ?? d.mode) as DeliveryMode,
      concurrency: argv.concurrency ?? d.concurrency,
      pace,
      retry,
      headers,
      signatureFormat: argv.signatureFormat as SignatureFormat,
      signal: controller.signal,
      ...(argv.secret !== undefined ? { secret: argv.secret } : {}),
      ...(argv.maxAttempts !== undefined ? { maxAttempts: argv.maxAttempts } : {}),
      ...(argv.maxBody !== undefined ? { maxBodyBytes: argv.maxBody } : {}),
      ...(d.chaos
        ? { chaos: d.chaos, chaosSeed: `${argv.seed ?? scenario.simulation.seed ?? '1'}` }
        : {}),
      onOutcome: (o) => {
        if (o.outcome === 'delivered') delivered?.add(o.id);
        writeLine(o);
      },
      onProbe: (p) => writeLine({ probe: p.fault, ...p, fault: undefined }),
    });
  } catch (err) {
    await receiver?.close();
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (ledger) {
      ledger.end();
      await once(ledger, 'close');
    }
  }

  let check: ReceiverCheck | undefined;
  let received: ReturnType<RunningReceiver['stats']> | undefined;
  if (receiver && delivered) {
    received = receiver.stats();
    const have = new Set(receiver.ids());
    let missing = 0;
    for (const id of delivered) if (!have.has(id)) missing++;
    check = {
      missing,
      pairsComplete: received.pairsComplete,
      pairsPending: received.pairsPending,
      ok: missing === 0 && (summary.stopped || received.pairsPending === 0),
    };
    await receiver.close();
  }
  const faultsOk = Object.values(summary.faults ?? {}).every((f) => f.ok === f.sent);
  const ok =
    !summary.stopped && summary.delivered === summary.events && faultsOk && (check?.ok ?? true);

  if (argv.json) {
    const out = {
      scenario: scenario.name,
      target,
      ok,
      ...(granted ? { handshake: granted } : {}),
      summary,
      ...(received ? { receiver: received, check } : {}),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    let text = `scenario ${scenario.name} -> ${target}${receiver ? ' (built-in receiver)' : ''}\n`;
    if (granted)
      text += `handshake: granted to origin ${granted.allowedOrigin}, rate ${granted.allowedRate ?? 'unspecified'}/min\n`;
    text += formatDelivery(summary);
    if (summary.faults) text += formatFaults(summary.faults);
    if (received && check) {
      text += formatReceiverStats(received);
      text += check.ok
        ? `  check: every delivered event received, ${check.pairsComplete} pairs complete\n`
        : `  check: FAILED: ${check.missing} delivered events missing, ${check.pairsPending} pairs pending\n`;
    }
    text += ok ? 'ok\n' : 'FAILED\n';
    process.stdout.write(text);
  }
  if (summary.stopped) process.exitCode = 130;
  else if (!ok) process.exitCode = EXIT.failed;
}

/** `vcc-sim fire`: deliver a scenario or a file to a receiver the way VCC does. */
export const fireCommand: CommandModule<object, Args> = {
  command: 'fire',
  describe:
    'Deliver notifications to a webhook receiver the way VCC does (signed, retried, nothing lost)',
  builder: builder as never,
  handler,
};
