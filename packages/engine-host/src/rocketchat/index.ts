// Rocket.Chat's contact model over the host's Store, as functions of (store, ..., clock): what the host's bridges
// and `host.rocketChat` run, for seeding code to run on a store directly (exported as `rocketChatStore`).
export { createContact, deleteContact, editContact, removeGuest, removeVisitorData, saveGuest, GDPR_SETTING } from './contactAdmin';
export type { ContactEdit, GuestEdit, NewContact } from './contactAdmin';
export { addEmail as addContactEmail, findOneByVisitor, findOneEnabledById, insertContact, isSameChannel } from './contactModel';
export type { Clock, Source, VisitorAssociation } from './contactModel';
export { mergeFieldsIntoContact, mergeVisitorIntoContact } from './contactMerger';
export { mergeContacts, verifyContactChannel } from './enterprise';
export { contactForVisitor, openRoom, startRoom } from './roomStart';
export type { StartedRoom } from './roomStart';
export { registerGuestData, setContactsCustomField } from './visitorData';
