import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ThrowawayPostgres, findPostgresBinaries } from "./throwaway-postgres";

/** Running, not a zombie waiting to be reaped. */
const isAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe("throwaway PostgreSQL cluster (the fault specs' harness)", () => {
  let cluster: ThrowawayPostgres | undefined;
  afterAll(() => cluster?.destroy());

  it("fails with a message naming what to install when PostgreSQL's binaries are missing", () => {
    expect(() => findPostgresBinaries("/nonexistent/postgresql", undefined)).toThrow(/initdb and pg_ctl .*Install the PostgreSQL server package/);
  });

  it("runs in its own temp directory on its own loopback port, stops, starts, restarts and leaves nothing behind", async () => {
    cluster = await ThrowawayPostgres.create();
    expect(cluster.port).not.toBe(5432);
    expect(cluster.baseDir.startsWith(os.tmpdir())).toBe(true);
    await cluster.start();
    const settings = await cluster.withClient("postgres", async (client) => {
      const rows = await client.query(
        `SELECT current_setting('port') AS port, current_setting('data_directory') AS data_dir,
                current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets`,
      );
      return rows.rows[0];
    });
    expect(settings).toEqual({ port: String(cluster.port), data_dir: cluster.dataDir, listen: "127.0.0.1", sockets: cluster.baseDir });
    expect(fs.existsSync(path.join(cluster.baseDir, `.s.PGSQL.${cluster.port}`))).toBe(true);

    await cluster.createDatabase("fault_probe");
    await cluster.stop({ mode: "fast" });
    await expect(cluster.withClient("fault_probe", (client) => client.query("SELECT 1"))).rejects.toThrow(/ECONNREFUSED/);
    await cluster.start();
    await cluster.restart({ mode: "fast" });
    const [{ one }] = (await cluster.withClient("fault_probe", (client) => client.query("SELECT 1 AS one"))).rows;
    expect(one).toBe(1);

    const postmasterPid = Number(fs.readFileSync(path.join(cluster.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    expect(isAlive(postmasterPid)).toBe(true);
    await cluster.destroy();
    expect(await goneWithin(postmasterPid, 3000)).toBe(true);
    expect(fs.existsSync(cluster.baseDir)).toBe(false);
  });
});
