/**
 * The card fields shared by the hosted pages, and reading a test card from what was typed.
 */
import { TEST_CARDS, findTestCard, type TestCard } from '../resources/payment-methods.js';
import { html, type Html } from './html.js';

const CARD_NOTES: Record<string, string> = {
  '4242424242424242': 'succeeds',
  '5555555555554444': 'succeeds (Mastercard)',
  '4000000000000002': 'is declined',
  '4000000000009995': 'is declined: insufficient funds',
  '4000000000000259': 'succeeds, then the payment is disputed',
};

/** The card number field (expiry and CVC are not asked: test cards need any future date). */
export function cardFields(): Html {
  const cards = TEST_CARDS.map(
    (card) => html`<li><code>${spaced(card.number)}</code> ${CARD_NOTES[card.number] ?? ''}</li>`,
  );
  return html`<label for="card_number">Card number</label>
    <input
      type="text"
      id="card_number"
      name="card_number"
      inputmode="numeric"
      autocomplete="off"
      placeholder="4242 4242 4242 4242"
    />
    <div class="hint">
      Test cards:
      <ul>
        ${cards}
      </ul>
    </div>`;
}

/** The test card for a typed number (spaces and dashes ignored), if it is one. */
export function readTestCard(typed: unknown): TestCard | undefined {
  if (typeof typed !== 'string') return undefined;
  return findTestCard(typed.replace(/[\s-]/g, ''));
}

function spaced(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}
