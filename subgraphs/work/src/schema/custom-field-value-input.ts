/** `CustomFieldValueInput`: one custom-field value given to `createTask` or `setTaskCustomFieldValues`. */
import { builder } from '../builder.ts';
import { JsonScalar } from './json.ts';

export const CustomFieldValueInput = builder.inputType('CustomFieldValueInput', {
  fields: (t) => ({
    key: t.string({ description: "The field's key" }),
    value: t.field({
      type: JsonScalar,
      required: false,
      description: 'A JSON value of the field type; null (or absent) clears the value',
    }),
  }),
});
