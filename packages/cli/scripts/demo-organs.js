// The organs of the dashboard screenshots (dashboard-screenshots.js): a shop whose card charges
// fail now and then, and whose confirmation e-mails are slow.
const { setTimeout: sleep } = require('node:timers/promises');
const { Organ, ListensTo } = require('@necrostack/core');

class ChargeCard {
  handle(event) {
    if (event.payload.amount % 7 === 0) throw new RangeError(`card declined for order ${event.payload.orderId}`);
  }
}
Organ()(ChargeCard);
ListensTo('ORDER_PLACED')(ChargeCard);

class SendConfirmation {
  async handle() {
    await sleep(30);
  }
}
Organ()(SendConfirmation);
ListensTo('ORDER_PLACED')(SendConfirmation);

class UpdateStock {
  handle(event) {
    if (event.payload.amount % 11 === 0) throw new TypeError('stock service returned no body');
  }
}
Organ()(UpdateStock);
ListensTo('ORDER_PLACED')(UpdateStock);

module.exports = { ChargeCard, SendConfirmation, UpdateStock };
