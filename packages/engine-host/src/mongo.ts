// The host's store on a real MongoDB, and an in-process stand-in server for testing it. A separate entry point
// (`@contact-center/engine-host/mongo`) so that only its users load the mongodb driver.
export { HOST_INDEXES, MongoStore } from './store/MongoStore';
export { MongoStandIn } from './store/mongo-test/MongoStandIn';
