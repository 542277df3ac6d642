import type { DomainModule } from "../domain-module";
import { OutboxEvent } from "./outbox-event.entity";

/** The transactional outbox: events written with each change (delivery comes with the dispatcher). */
export const eventsModule: DomainModule = {
  name: "events",
  entities: [OutboxEvent],
  resolvers: [],
  permissions: [],
};
