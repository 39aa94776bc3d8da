import type { Contract } from '../contract/state.js';
import type { CustomerState } from '../customer/state.js';
import type { EquipmentState } from '../equipment/state.js';
import type { Sender } from './validation.js';

/**
 * Where customers, contracts and the installed base come from (B5): the master-data read
 * model of this system, or an ERP through an adapter. Either way the answers are the
 * domain's own states, so the validation cannot tell which one it reads.
 */
export interface MasterData {
  /**
   * The customers that recognise any identifier of the sender (e-mail address compared
   * case-insensitively, phone number by its digits, account id exactly), sorted by id.
   * Normally one; none or several means the sender identifies no one customer.
   */
  findCustomerIds(sender: Sender): Promise<readonly string[]>;
  customer(customerId: string): Promise<CustomerState>;
  /** Every contract of the customer, whatever its days, sorted by id. */
  contractsOf(customerId: string): Promise<readonly Contract[]>;
  equipment(serialNumber: string): Promise<EquipmentState>;
  /**
   * A contract by its id, whoever's it is (null: none). Optional: master data that can only
   * list a customer's contracts (an ERP without the lookup) leaves settings that name a
   * contract unchecked.
   */
  contract?(contractId: string): Promise<Contract | null>;
}
