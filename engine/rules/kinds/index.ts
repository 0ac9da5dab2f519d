// Every rule kind, one file each. A new kind is a new file and a line here.
export { default as amendmentNotice } from './amendment-notice.ts';
export { default as attestation } from './attestation.ts';
export { default as confidentialityBeforeAccess } from './confidentiality-before-access.ts';
export { default as deletionAfterTermination } from './deletion-after-termination.ts';
export { default as deletionDeadline } from './deletion-deadline.ts';
export { default as deletionOnRequest } from './deletion-on-request.ts';
export { default as dsrAwaitInstructions } from './dsr-await-instructions.ts';
export { default as dsrNoticeDeadline } from './dsr-notice-deadline.ts';
export { default as inabilityNoticeDeadline } from './inability-notice-deadline.ts';
export { default as incidentNoticeContent } from './incident-notice-content.ts';
export { default as incidentNoticeDeadline } from './incident-notice-deadline.ts';
export { default as informationRequestDeadline } from './information-request-deadline.ts';
export { default as subprocessorCategory } from './subprocessor-category.ts';
export { default as subprocessorNotice } from './subprocessor-notice.ts';
export { default as transferSafeguards } from './transfer-safeguards.ts';
