import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * scripts/build-if-changed.mjs, which every npm command runs before the built code: it builds only
 * when a source is newer than the last build, and says so. Run here in a throwaway project whose
 * `npm run build` only counts its runs, so that the decision is tested, not the compiler.
 */
describe("build only when the sources changed", () => {
  let project: string;
  const builds = () => (fs.existsSync(path.join(project, "builds.log")) ? fs.readFileSync(path.join(project, "builds.log"), "utf8").trim().split("\n").length : 0);
  const run = () => {
    const result = spawnSync(process.execPath, [path.join(project, "scripts", "build-if-changed.mjs")], { cwd: project, encoding: "utf8" });
    return { status: result.status, stderr: result.stderr };
  };
  /** `file` saved after the last build (the build's stamp moved back a minute, the file half a minute). */
  const changeAfterBuild = (file: string) => {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    fs.utimesSync(path.join(project, "dist", ".build-stamp"), ago(60), ago(60));
    fs.utimesSync(path.join(project, file), ago(30), ago(30));
  };

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "c360-build-check-"));
    fs.mkdirSync(path.join(project, "scripts"));
    fs.mkdirSync(path.join(project, "src"));
    fs.mkdirSync(path.join(project, "migrations"));
    fs.copyFileSync(path.resolve(__dirname, "../scripts/build-if-changed.mjs"), path.join(project, "scripts", "build-if-changed.mjs"));
    fs.writeFileSync(path.join(project, "src", "index.ts"), "export {};\n");
    fs.writeFileSync(path.join(project, "migrations", "index.ts"), "export {};\n");
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "build-check", private: true, scripts: { build: "node -e \"require('fs').appendFileSync('builds.log', 'built\\\\n')\"" } }));
    execFileSync("npm", ["run", "build", "--silent"], { cwd: project }); // the fake build works
    fs.rmSync(path.join(project, "builds.log"));
    const long = new Date(Date.now() - 600_000);
    for (const file of ["src/index.ts", "migrations/index.ts", "package.json", "scripts/build-if-changed.mjs"]) fs.utimesSync(path.join(project, file), long, long);
  });
  afterAll(() => {
    fs.rmSync(project, { recursive: true, force: true });
  });

  it("builds when there is no build yet, and says why", () => {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("building (no build yet)");
    expect(first.stderr).toMatch(/built in \d+\.\d s/);
    expect(builds()).toBe(1);
  });

  it("does nothing, silently, when nothing changed", () => {
    const again = run();
    expect(again).toEqual({ status: 0, stderr: "" });
    expect(builds()).toBe(1);
  });

  it("builds again after a source changed, naming it", () => {
    changeAfterBuild("src/index.ts");
    const changed = run();
    expect(changed.status).toBe(0);
    expect(changed.stderr).toContain(`building (${path.join("src", "index.ts")} changed since the last build)`);
    expect(builds()).toBe(2);
    expect(run().stderr).toBe("");
    changeAfterBuild("package.json");
    expect(run().stderr).toContain("building (package.json changed");
    expect(builds()).toBe(3);
  });

  it("stops the command when the build fails", () => {
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "build-check", private: true, scripts: { build: "node -e \"process.exit(3)\"" } }));
    changeAfterBuild("package.json");
    const failed = run();
    expect(failed.status).toBe(3);
    expect(failed.stderr).toContain("build failed");
  });
});
