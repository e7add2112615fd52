import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { modelIdSchema } from '../../contracts/common.js';
import { VigilError } from '../../shared/errors.js';
import type { BuildReferenceOptions } from '../training/build-reference-profile.js';
import type { TrainingFileOptions } from '../training/training-file.js';

export const USAGE = `usage: npm run reference:build -- --input FILE --model MODEL_ID (--output profile.json | --store) [options]

  --input FILE              training set: .csv/.tsv, .jsonl/.ndjson or .parquet (streamed; any size)
  --model ID                the model the reference is for
  --format F                csv | jsonl | parquet (default: from the extension)
  --delimiter C             CSV delimiter (default ',', tab for .tsv)
  --prediction-column C     the model's output: predicted label, or value for regression
  --label-column C          ground truth (with a prediction column: reference accuracy)
  --score-column C          probability of the positive label
  --positive-label L        the favourable label (classification)
  --task T                  classification | regression (default: classification with a
                            positive label, else decided by the first prediction)
  --protected a,b           protected attribute columns (fairness groups, not features)
  --ignore a,b              columns to leave out (ids, timestamps)
  --model-version V         version written into the profile key (default '*')
  --description TEXT        shown in reference lists
  --max-classes N           distinct predicted classes kept (default 1000)
  --max-groups N            groups kept per protected attribute (default 100)
  --output FILE             write the upload file (JSON) for POST /v1/models/{id}/references
  --store                   store it through the configured ClickHouse (VIGIL_* / VIGIL_CONFIG_FILE)
  --no-assign               with --store: keep it without making it the current reference`;

export interface BuildCommand {
  readonly input: string;
  readonly file: TrainingFileOptions;
  readonly build: Omit<BuildReferenceOptions, 'onProgress'>;
  readonly description: string;
  readonly output: string | null;
  readonly store: boolean;
  readonly assign: boolean;
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new VigilError('VALIDATION_FAILED', `--${name} must be a positive integer`);
  return n;
}

function usage(reason: string): VigilError {
  return new VigilError('VALIDATION_FAILED', `${reason}\n${USAGE}`);
}

/** The command line as build options; null when help was asked for. */
export function parseBuildArguments(argv: readonly string[]): BuildCommand | null {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      input: { type: 'string' },
      model: { type: 'string' },
      format: { type: 'string' },
      delimiter: { type: 'string' },
      'prediction-column': { type: 'string' },
      'label-column': { type: 'string' },
      'score-column': { type: 'string' },
      'positive-label': { type: 'string' },
      task: { type: 'string' },
      protected: { type: 'string' },
      ignore: { type: 'string' },
      'model-version': { type: 'string' },
      description: { type: 'string' },
      'max-classes': { type: 'string' },
      'max-groups': { type: 'string' },
      output: { type: 'string' },
      store: { type: 'boolean' },
      'no-assign': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) return null;
  if (values.input === undefined) throw usage('--input is required');
  if (values.model === undefined) throw usage('--model is required');
  if (!modelIdSchema.safeParse(values.model).success) throw usage(`--model "${values.model}" is not a valid model id (letters, digits and . _ : -)`);
  const store = values.store === true;
  if (store === (values.output !== undefined)) throw usage('give exactly one of --output FILE and --store');
  const task = values.task;
  if (task !== undefined && task !== 'classification' && task !== 'regression') throw usage('--task is classification or regression');
  const columns = {
    ...(values['prediction-column'] === undefined ? {} : { prediction: values['prediction-column'] }),
    ...(values['label-column'] === undefined ? {} : { label: values['label-column'] }),
    ...(values['score-column'] === undefined ? {} : { score: values['score-column'] }),
    ignore: commaList(values.ignore),
  };
  const maxClasses = positiveInt('max-classes', values['max-classes']);
  const maxGroups = positiveInt('max-groups', values['max-groups']);
  return {
    input: values.input,
    file: { ...(values.format === undefined ? {} : { format: values.format }), ...(values.delimiter === undefined ? {} : { delimiter: values.delimiter }) },
    build: {
      modelId: values.model,
      positiveLabel: values['positive-label'] ?? null,
      protectedAttributes: commaList(values.protected),
      columns,
      ...(values['model-version'] === undefined ? {} : { modelVersion: values['model-version'] }),
      ...(task === undefined ? {} : { task }),
      ...(maxClasses === undefined ? {} : { maxClasses }),
      ...(maxGroups === undefined ? {} : { maxGroupsPerAttribute: maxGroups }),
    },
    description: values.description ?? `training set ${basename(values.input)}`,
    output: values.output ?? null,
    store,
    assign: values['no-assign'] !== true,
  };
}
