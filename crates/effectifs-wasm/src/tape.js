// Builds the plain JavaScript value a "tape" describes (written by `src/tape.rs`, which explains why). The tags
// below are those of tape.rs.

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const STRING = 4;
const ARRAY = 5;
const OBJECT = 6;

/**
 * @param {Uint32Array} ops the tape (a view into the instance's memory: read during this call only)
 * @param {Float64Array} numbers the numbers the tape refers to
 * @param {string} text the distinct strings, one after the other
 * @param {Uint32Array} ends where each string of `text` ends (UTF-16 code units)
 * @returns {unknown} the value
 */
export function fromTape(ops, numbers, text, ends) {
  const strings = new Array(ends.length);
  let start = 0;
  for (let index = 0; index < ends.length; index++) {
    const end = ends[index];
    strings[index] = text.slice(start, end);
    start = end;
  }
  let at = 0;
  function value() {
    switch (ops[at++]) {
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case NUMBER:
        return numbers[ops[at++]];
      case STRING:
        return strings[ops[at++]];
      case ARRAY: {
        const count = ops[at++];
        const array = new Array(count);
        for (let index = 0; index < count; index++) {
          // Strings are most values: taken here, without a call.
          if (ops[at] === STRING) {
            array[index] = strings[ops[at + 1]];
            at += 2;
          } else {
            array[index] = value();
          }
        }
        return array;
      }
      case OBJECT: {
        const count = ops[at++];
        const object = {};
        for (let index = 0; index < count; index++) {
          const key = strings[ops[at++]];
          let item;
          if (ops[at] === STRING) {
            item = strings[ops[at + 1]];
            at += 2;
          } else {
            item = value();
          }
          if (key === "__proto__") {
            // An own property, as JSON.parse makes it, not the object's prototype.
            Object.defineProperty(object, key, { value: item, enumerable: true, writable: true, configurable: true });
          } else {
            object[key] = item;
          }
        }
        return object;
      }
      default:
        throw new Error(`effectifs : bande de résultat illisible (position ${at - 1})`);
    }
  }
  return value();
}
