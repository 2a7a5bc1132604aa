// A second typed client: types generated from openapi.yaml, calls through openapi-fetch, no `!` anywhere.
// Prints what it read as one JSON object; tests/test_ts_client.py compares it with the server's answers.
import createClient from "openapi-fetch";
import type { components, paths } from "./build/api.js";

type State = components["schemas"]["State"];
type Problem = components["schemas"]["Problem"];

const baseUrl = process.argv[2];
if (baseUrl === undefined) {
  throw new Error("usage: node build/client.js BASE_URL");
}
const api = createClient<paths>({ baseUrl });

async function state(identifier: string): Promise<State> {
  const { data, error, response } = await api.GET("/v1/states/{state}", { params: { path: { state: identifier } } });
  if (data === undefined) {
    throw new Error(`GET /v1/states/${identifier}: ${response.status} ${JSON.stringify(error)}`);
  }
  return data;
}

async function unknownState(identifier: string): Promise<{ status: number; problem: Problem }> {
  const { data, error, response } = await api.GET("/v1/states/{state}", { params: { path: { state: identifier } } });
  if (data !== undefined || error === undefined) {
    throw new Error(`GET /v1/states/${identifier}: expected a problem, got ${response.status}`);
  }
  return { status: response.status, problem: error };
}

async function statusCheck(states: string[]) {
  const { data, error, response } = await api.GET("/v1/checks/status", {
    params: { query: { instrument: "ccm", states: states.join(","), status: "not_signed", as_of: "2023-07-20" } },
  });
  if (data === undefined) {
    throw new Error(`GET /v1/checks/status: ${response.status} ${JSON.stringify(error)}`);
  }
  const holds: boolean | undefined = data.holds;
  const results = (data.results ?? []).map((r) => ({ state: r.state ?? "", status: r.status ?? "" }));
  return { holds, results };
}

async function participants(): Promise<number> {
  const { data, error, response } = await api.GET("/v1/instruments/{instrument}/participants", {
    params: { path: { instrument: "ccm" }, query: { as_of: "2023-07-20" } },
  });
  // The operation also answers text/csv, so the body's type is the JSON object or a string.
  if (data === undefined || typeof data === "string") {
    throw new Error(`GET /v1/instruments/ccm/participants: ${response.status} ${JSON.stringify(error)}`);
  }
  return (data.items ?? []).length;
}

const lithuania = await state("Lithuania");
const summary = {
  state: { code: lithuania.code, name: lithuania.name, aliases: lithuania.aliases ?? [] },
  round_trip: (await state(lithuania.name ?? "")).code,
  unknown: await unknownState("Narnia").then(({ status, problem }) => ({ status, detail: problem.detail })),
  check: await statusCheck(["RUS", "UKR", "USA"]),
  participants: await participants(),
};
console.log(JSON.stringify(summary));
