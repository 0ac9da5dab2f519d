import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for long checks on a terminal: rows read so far
 * and the file being read. Shown only after a second, so quick runs stay quiet.
 *
 * @returns update and stop functions.
 */
export function progressBar(): { update: (rows: number, file: string) => void; stop: () => void } {
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(rows, file) {
      if (!bar && Date.now() - started < 1000) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'checking {file} | {value} rows | {rate} rows/s', clearOnComplete: true, fps: 5 }, cliProgress.Presets.shades_classic);
        bar.start(0, rows, { file, rate: 0 });
      }
      bar.setTotal(rows);
      bar.update(rows, { file, rate: Math.round(rows / ((Date.now() - started) / 1000)) });
    },
    stop() {
      bar?.stop();
    },
  };
}
