import { Initial1795624294496 } from "./1795624294496-Initial";
import { HealthDeclaration1795627314795 } from "./1795627314795-HealthDeclaration";
import { SegmentQueryTuning1795627314796 } from "./1795627314796-SegmentQueryTuning";
import { RiskLatestIndex1795627314797 } from "./1795627314797-RiskLatestIndex";
import { ClaimIdempotencyKey1795637978916 } from "./1795637978916-ClaimIdempotencyKey";
import { DuplicateCandidate1795700000100 } from "./1795700000100-DuplicateCandidate";
import { ScopedIdempotencyKeys1795700000101 } from "./1795700000101-ScopedIdempotencyKeys";
import { AccessAlert1795700000200 } from "./1795700000200-AccessAlert";
import { SourceKey1795700000300 } from "./1795700000300-SourceKey";
import { ImportJob1795700000301 } from "./1795700000301-ImportJob";
import { PolicyParticipant1795700000400 } from "./1795700000400-PolicyParticipant";
import { InsuredObject1795700000401 } from "./1795700000401-InsuredObject";
import { PremiumInstalment1795700000402 } from "./1795700000402-PremiumInstalment";
import { GeneratedNumberSerials1795700000500 } from "./1795700000500-GeneratedNumberSerials";
import { SourceKeyFillfactor1795700000501 } from "./1795700000501-SourceKeyFillfactor";
import { ContactUpdatedAt1795700000502 } from "./1795700000502-ContactUpdatedAt";
import { ImportOwner1795700000503 } from "./1795700000503-ImportOwner";
import { IdentityMatching1795700000600 } from "./1795700000600-IdentityMatching";
import { EventOutbox1795700000700 } from "./1795700000700-EventOutbox";
import { Webhooks1795700000701 } from "./1795700000701-Webhooks";
import { OutboxStream1795700000710 } from "./1795700000710-OutboxStream";
import { WebhookOperations1795700000711 } from "./1795700000711-WebhookOperations";
import { OutboxNotify1795700000712 } from "./1795700000712-OutboxNotify";
import { ServiceAlerts1795700000720 } from "./1795700000720-ServiceAlerts";
import { BusinessCalendar1795700000730 } from "./1795700000730-BusinessCalendar";
import { AlertReadState1795700000731 } from "./1795700000731-AlertReadState";
import { ServiceCases1795700000740 } from "./1795700000740-ServiceCases";
import { ContactPolicy1795700000750 } from "./1795700000750-ContactPolicy";
import { TimelineIndexes1795700000760 } from "./1795700000760-TimelineIndexes";
import { CallerVerification1795700000770 } from "./1795700000770-CallerVerification";
import { CaseBreachSignals1795700000780 } from "./1795700000780-CaseBreachSignals";
import { CaseSlaVerdicts1795700000790 } from "./1795700000790-CaseSlaVerdicts";
import { CaseBreachAlerts1795700000791 } from "./1795700000791-CaseBreachAlerts";
import { OutboxNotifyRows1795700000792 } from "./1795700000792-OutboxNotifyRows";
import { ServiceTasks1795700000900 } from "./1795700000900-ServiceTasks";
import { PolicyChanges1795700000910 } from "./1795700000910-PolicyChanges";
import { SlaPolicyState1795700000920 } from "./1795700000920-SlaPolicyState";
import { PartitionAuditEntry1795700000930 } from "./1795700000930-PartitionAuditEntry";
import { PartitionInteraction1795700000931 } from "./1795700000931-PartitionInteraction";
import { PartitionEventOutbox1795700000932 } from "./1795700000932-PartitionEventOutbox";
import { LegalHolds1795700000940 } from "./1795700000940-LegalHolds";
import { SegmentMemberCounts1795700000950 } from "./1795700000950-SegmentMemberCounts";
import { KeysetIndexes1795700000951 } from "./1795700000951-KeysetIndexes";
import { ServiceMetricsRollup1795700000952 } from "./1795700000952-ServiceMetricsRollup";
import { AuditFilterKeysets1795700000953 } from "./1795700000953-AuditFilterKeysets";
import { ServiceMetricsBacklog1795700000954 } from "./1795700000954-ServiceMetricsBacklog";
import { ServiceMetricsBacklogHours1795700000955 } from "./1795700000955-ServiceMetricsBacklogHours";
import { IdentityRecluster1795700000960 } from "./1795700000960-IdentityRecluster";
import { ImportJobCustomers1795700000961 } from "./1795700000961-ImportJobCustomers";
import { NarrowMatchKeys1795700000970 } from "./1795700000970-NarrowMatchKeys";
import { TimeOrderedIds1795700000980 } from "./1795700000980-TimeOrderedIds";
import { AuditTimeIndexOnce1795700000990 } from "./1795700000990-AuditTimeIndexOnce";
import { MatchKeysUnchecked1795700001000 } from "./1795700001000-MatchKeysUnchecked";
import { OfferRankings1795700001100 } from "./1795700001100-OfferRankings";
import { WechatContactIndex1795700001101 } from "./1795700001101-WechatContactIndex";
import { OfferRankingContactFacts1795700001102 } from "./1795700001102-OfferRankingContactFacts";

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const MIGRATIONS: Function[] = [Initial1795624294496, HealthDeclaration1795627314795, SegmentQueryTuning1795627314796, RiskLatestIndex1795627314797, ClaimIdempotencyKey1795637978916,
  DuplicateCandidate1795700000100, ScopedIdempotencyKeys1795700000101, AccessAlert1795700000200,
  SourceKey1795700000300, ImportJob1795700000301, PolicyParticipant1795700000400, InsuredObject1795700000401, PremiumInstalment1795700000402,
  GeneratedNumberSerials1795700000500, SourceKeyFillfactor1795700000501, ContactUpdatedAt1795700000502, ImportOwner1795700000503,
  IdentityMatching1795700000600, EventOutbox1795700000700, Webhooks1795700000701, OutboxStream1795700000710, WebhookOperations1795700000711, OutboxNotify1795700000712,
  ServiceAlerts1795700000720, BusinessCalendar1795700000730, AlertReadState1795700000731, ServiceCases1795700000740,
  ContactPolicy1795700000750, TimelineIndexes1795700000760, CallerVerification1795700000770, CaseBreachSignals1795700000780,
  CaseSlaVerdicts1795700000790, CaseBreachAlerts1795700000791, OutboxNotifyRows1795700000792, ServiceTasks1795700000900, PolicyChanges1795700000910, SlaPolicyState1795700000920,
  PartitionAuditEntry1795700000930, PartitionInteraction1795700000931, PartitionEventOutbox1795700000932, LegalHolds1795700000940,
  SegmentMemberCounts1795700000950, KeysetIndexes1795700000951, ServiceMetricsRollup1795700000952, AuditFilterKeysets1795700000953,
  ServiceMetricsBacklog1795700000954, ServiceMetricsBacklogHours1795700000955, IdentityRecluster1795700000960, ImportJobCustomers1795700000961, NarrowMatchKeys1795700000970,
  TimeOrderedIds1795700000980, AuditTimeIndexOnce1795700000990, MatchKeysUnchecked1795700001000,
  OfferRankings1795700001100, WechatContactIndex1795700001101, OfferRankingContactFacts1795700001102];
