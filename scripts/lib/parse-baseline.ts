// Baselines for the benchmark: the plain cost of reading the same data without Docket.
//   node parse-baseline.ts evidence DIR    read every NDJSON file line by line and JSON.parse it
//   node parse-baseline.ts files LIST      the same for the NDJSON files named in LIST (a JSON array)
//   node parse-baseline.ts cloudtrail DIR  gunzip and JSON.parse every delivered log file
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

const [mode, dir] = process.argv.slice(2) as [string, string];
let records = 0;
const files =
  mode === 'files'
    ? (JSON.parse(await readFile(dir, 'utf8')) as string[])
    : (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .sort();
for (const file of files) {
  if ((mode === 'evidence' || mode === 'files') && file.endsWith('.ndjson')) {
    for await (const line of createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    }))
      if (line) {
        JSON.parse(line);
        records++;
      }
  } else if (mode === 'cloudtrail' && /\.json\.gz$/.test(file) && !file.includes('Digest')) {
    const chunks: Buffer[] = [];
    for await (const c of createReadStream(file).pipe(createGunzip())) chunks.push(c as Buffer);
    records += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Records: unknown[] })
      .Records.length;
  }
}
console.log(JSON.stringify({ files: files.length, records }));
