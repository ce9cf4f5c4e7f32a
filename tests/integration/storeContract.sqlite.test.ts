import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore } from '../../server/src/store/store.ts';
import { describeStoreContract } from '../contract/storeContract.ts';

// The record's contract against SQLite as the server runs it: a real file (WAL,
// synchronous=FULL, foreign keys, as openDatabase sets them), and a second connection to that
// file for the rules that a restart must keep.
describeStoreContract('SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-store-'));
  const file = path.join(dir, 'convene.db');
  const first = openDatabase(file);
  const dbs = [first];
  return {
    store: openSqliteStore(first),
    reopen() {
      const db = openDatabase(file);
      dbs.push(db);
      return openSqliteStore(db);
    },
    close() {
      for (const db of dbs) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
